package dev.roost.testkit;

/**
 * Builds CONNACK bytes (3.2), for scripting a broker in client tests. Defaults: MQTT 3.1.1 layout, session not
 * present, code 0x00. Properties are written in call order and need {@link #v5()}. Not thread-safe.
 */
public final class ConnAckBuilder {
    private boolean v5;
    private boolean sessionPresent;
    private Integer rawAcknowledgeFlags;
    private int code;
    private int fixedHeaderFlags;
    private final PropertyBlock properties = new PropertyBlock();

    ConnAckBuilder() {
    }

    /** MQTT 5.0 layout: a property section follows the reason code. */
    public ConnAckBuilder v5() {
        this.v5 = true;
        return this;
    }

    public ConnAckBuilder sessionPresent(boolean present) {
        this.sessionPresent = present;
        return this;
    }

    /** Sends exactly this Connect Acknowledge Flags byte, reserved bits included [MQTT-3.2.2-1]. */
    public ConnAckBuilder rawAcknowledgeFlags(int flags) {
        this.rawAcknowledgeFlags = flags;
        return this;
    }

    /** The 3.1.1 return code or 5.0 reason code. */
    public ConnAckBuilder reasonCode(int value) {
        this.code = value;
        return this;
    }

    public ConnAckBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    // ---- properties (3.2.2.3)

    public ConnAckBuilder sessionExpiry(long seconds) {
        properties.u32(PropertyId.SESSION_EXPIRY_INTERVAL, seconds);
        return this;
    }

    public ConnAckBuilder receiveMaximum(int value) {
        properties.u16(PropertyId.RECEIVE_MAXIMUM, value);
        return this;
    }

    public ConnAckBuilder maximumQos(int qos) {
        properties.u8(PropertyId.MAXIMUM_QOS, qos);
        return this;
    }

    public ConnAckBuilder retainAvailable(boolean available) {
        properties.u8(PropertyId.RETAIN_AVAILABLE, available ? 1 : 0);
        return this;
    }

    public ConnAckBuilder maximumPacketSize(long bytes) {
        properties.u32(PropertyId.MAXIMUM_PACKET_SIZE, bytes);
        return this;
    }

    public ConnAckBuilder assignedClientIdentifier(String id) {
        properties.utf8(PropertyId.ASSIGNED_CLIENT_IDENTIFIER, id);
        return this;
    }

    public ConnAckBuilder topicAliasMaximum(int value) {
        properties.u16(PropertyId.TOPIC_ALIAS_MAXIMUM, value);
        return this;
    }

    public ConnAckBuilder reasonString(String reason) {
        properties.utf8(PropertyId.REASON_STRING, reason);
        return this;
    }

    public ConnAckBuilder wildcardSubscriptionAvailable(boolean available) {
        properties.u8(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE, available ? 1 : 0);
        return this;
    }

    public ConnAckBuilder subscriptionIdentifiersAvailable(boolean available) {
        properties.u8(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, available ? 1 : 0);
        return this;
    }

    public ConnAckBuilder sharedSubscriptionAvailable(boolean available) {
        properties.u8(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE, available ? 1 : 0);
        return this;
    }

    public ConnAckBuilder serverKeepAlive(int seconds) {
        properties.u16(PropertyId.SERVER_KEEP_ALIVE, seconds);
        return this;
    }

    public ConnAckBuilder responseInformation(String information) {
        properties.utf8(PropertyId.RESPONSE_INFORMATION, information);
        return this;
    }

    public ConnAckBuilder serverReference(String reference) {
        properties.utf8(PropertyId.SERVER_REFERENCE, reference);
        return this;
    }

    public ConnAckBuilder authenticationMethod(String method) {
        properties.utf8(PropertyId.AUTHENTICATION_METHOD, method);
        return this;
    }

    public ConnAckBuilder authenticationData(byte[] data) {
        properties.binary(PropertyId.AUTHENTICATION_DATA, data);
        return this;
    }

    public ConnAckBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public ConnAckBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public ConnAckBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    /** @throws IllegalStateException if properties were set without {@link #v5()} */
    public byte[] build() {
        if (!v5 && !properties.isEmpty()) {
            throw new IllegalStateException("CONNACK properties need v5()");
        }
        ByteSink body = new ByteSink()
                .u8(rawAcknowledgeFlags != null ? rawAcknowledgeFlags : sessionPresent ? 1 : 0)
                .u8(code);
        if (v5) {
            properties.writeTo(body);
        }
        return ByteSink.frame(2, fixedHeaderFlags, body.toByteArray());
    }
}
