package dev.roost.client.session;

/**
 * Where an outbound QoS 1 or 2 exchange stands. An entry exists from the moment its PUBLISH is about to be written
 * until the exchange completes (PUBACK, or PUBCOMP).
 */
public enum OutboundState {
    /** The PUBLISH was (or is about to be) written; PUBACK (QoS 1) or PUBREC (QoS 2) is awaited. Resent with DUP. */
    SENT,
    /** QoS 2: PUBREC arrived and PUBREL was (or is about to be) written; PUBCOMP is awaited. PUBREL is resent. */
    PUBREL_SENT
}
