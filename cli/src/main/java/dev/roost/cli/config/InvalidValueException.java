package dev.roost.cli.config;

/**
 * A configuration value that is not allowed; the message says what was written and what is allowed
 * ("'drop-random' is not one of drop-newest, drop-oldest"), and the reader puts the file and key in front. Stackless:
 * it is a user's mistake, not a program's.
 */
final class InvalidValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
