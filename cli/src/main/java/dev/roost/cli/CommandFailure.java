package dev.roost.cli;

/**
 * Ends a client command with an exit code and one line for standard error (no stack trace: the line says it all), or
 * with no line when the message is {@code null} (the run simply ended, e.g. {@code -C} messages arrived while the
 * command still waited for something else). Stackless and immutable.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
