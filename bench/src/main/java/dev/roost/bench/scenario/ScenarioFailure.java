package dev.roost.bench.scenario;

/**
 * A run that could not go on: the broker is unreachable, refused the clients, or a wait timed out where the scenario
 * cannot measure anything without it. The message says what failed and is meant for the user.
 */
public final class ScenarioFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioFailure(String message) {
        super(message, null, false, false);
    }

    public ScenarioFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
