package dev.roost.client;

/**
 * The exchange of a publish was in flight when the server answered CONNACK with Session Present 0: it was discarded
 * with the rest of the protocol session state (see {@link DiscardedSessionState}). The server may or may not have
 * received the message; republish it if it must arrive.
 */
public final class SessionDiscardedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionDiscardedException(String message) {
        super(message, null, false, false);
    }
}
