package dev.roost.client;

import dev.roost.protocol.ReasonCode;

/**
 * A publish did not succeed: the server answered PUBACK or PUBREC with an error reason code, or the client could not
 * send it at all ({@link ReasonCode#PACKET_TOO_LARGE} over the server's Maximum Packet Size,
 * {@link ReasonCode#QOS_NOT_SUPPORTED}, {@link ReasonCode#RETAIN_NOT_SUPPORTED}, or {@link ReasonCode#QUOTA_EXCEEDED}
 * when the offline buffer is full). The message is no longer in the session.
 */
public final class PublishRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ReasonCode reasonCode;

    public PublishRejectedException(ReasonCode reasonCode, String detail) {
        super("Publish rejected: " + reasonCode + (detail == null ? "" : " (" + detail + ")"), null, false, false);
        this.reasonCode = reasonCode;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }
}
