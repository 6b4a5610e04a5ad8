package dev.roost.client.session;

/**
 * A session store cannot read or write its data. The message names the file or directory and what to do about it.
 * The client stops sending when it sees one: nothing reaches the wire that is not stored.
 */
public final class SessionStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public SessionStoreException(String message) {
        super(message);
    }
}
