package dev.roost.broker.core.session;

/** Why a message was not delivered to a session. Every drop is counted by reason. */
public enum DropReason {
    /** The session's queue was at its message or byte limit. */
    QUEUE_FULL,
    /** The Message Expiry Interval passed before the message was sent. */
    EXPIRED,
    /** The PUBLISH would exceed the client's Maximum Packet Size [MQTT-3.1.2-25]. */
    PACKET_TOO_LARGE,
    /** A QoS 0 message for an offline session, with QoS 0 queuing switched off. */
    QOS0_OFFLINE,
    /** A QoS 0 message for a connected client that reads too slowly: its queue was at its limits. */
    QOS0_SLOW_CONSUMER,
    /** The session ended while the message was on its way. */
    NO_SESSION
}
