package dev.roost.protocol;

/**
 * A peer broke the protocol. Stackless: these are expected in production and must never flood a log with stack traces.
 * Carries the reason code a 5.0 peer is told before the connection is closed, and the spec clause that was broken.
 */
public final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReasonCode reasonCode;
    private final String clause;

    public ProtocolViolation(ReasonCode reasonCode, String clause, String message) {
        super(message, null, false, false);
        this.reasonCode = reasonCode;
        this.clause = clause;
    }

    public ReasonCode reasonCode() {
        return reasonCode;
    }

    /** @return the spec clause id such as {@code MQTT-3.1.2-3}, or {@code ""} when none applies. */
    public String clause() {
        return clause;
    }

    @Override
    public String toString() {
        return "ProtocolViolation[" + reasonCode + (clause.isEmpty() ? "" : ", " + clause) + "]: " + getMessage();
    }
}
