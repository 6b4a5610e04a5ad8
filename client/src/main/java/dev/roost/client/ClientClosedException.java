package dev.roost.client;

/**
 * The client was closed, or disconnected, before the operation completed. A message that was accepted by
 * {@link RoostClient#publish} stays in the session store: the next client on the same session sends or completes it.
 */
public final class ClientClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClientClosedException(String message) {
        super(message, null, false, false);
    }
}
