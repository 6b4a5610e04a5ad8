package dev.roost.client;

import dev.roost.protocol.ReasonCode;

/** The server answered CONNECT with a CONNACK that refuses the connection. Carries its reason code. */
public final class ConnectionRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ReasonCode reasonCode;

    public ConnectionRefusedException(ReasonCode reasonCode, String reasonString) {
        super("The server refused the connection: " + reasonCode
                + (reasonString == null ? "" : " (" + reasonString + ")"), null, false, false);
        this.reasonCode = reasonCode;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /**
     * @return whether a later attempt may succeed (the server is unavailable, busy, shutting down or over a rate or
     *     quota): automatic reconnect keeps trying after these, and gives up after the others
     */
    public boolean isWorthRetrying() {
        return switch (reasonCode) {
            case SERVER_UNAVAILABLE, SERVER_BUSY, SERVER_SHUTTING_DOWN, CONNECTION_RATE_EXCEEDED, QUOTA_EXCEEDED,
                    UNSPECIFIED_ERROR, IMPLEMENTATION_SPECIFIC_ERROR -> true;
            default -> false;
        };
    }
}
