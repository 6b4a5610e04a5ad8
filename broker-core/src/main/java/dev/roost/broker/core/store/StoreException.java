package dev.roost.broker.core.store;

/**
 * A {@link SessionStore} could not complete a write or a read (disk full, I/O error, damaged data). The broker answers
 * the request it was serving with a refusal instead of an acknowledgement: nothing is acknowledged that was not stored.
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
