package dev.roost.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Builds PUBLISH bytes (3.3). Defaults: MQTT 3.1.1 layout, empty topic, QoS 0, no DUP or RETAIN, empty payload. The
 * Packet Identifier is written when QoS &gt; 0 (default 1) or when set explicitly, so a QoS 0 PUBLISH with an id can
 * be sent; the fixed-header flags follow QoS, DUP and RETAIN unless {@link #fixedHeaderFlags} replaces them while
 * the body keeps the layout of the QoS set. Properties are written in call order and need {@link #v5()}.
 * Not thread-safe.
 */
public final class PublishBuilder {
    private boolean v5;
    private byte[] topic = new byte[0];
    private int qos;
    private boolean retain;
    private boolean dup;
    private Integer packetId;
    private byte[] payload = new byte[0];
    private Integer fixedHeaderFlags;
    private final PropertyBlock properties = new PropertyBlock();

    PublishBuilder() {
    }

    /** MQTT 5.0 layout: a property section follows the packet identifier. */
    public PublishBuilder v5() {
        this.v5 = true;
        return this;
    }

    public PublishBuilder topic(String name) {
        this.topic = name.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The topic as pre-encoded bytes (length prefix added), e.g. ill-formed UTF-8 or U+0000 [MQTT-1.5.4-1]. */
    public PublishBuilder topicBytes(byte[] encoded) {
        this.topic = encoded.clone();
        return this;
    }

    /** 0, 1, 2, or 3 to send the malformed QoS [MQTT-3.3.1-4]. */
    public PublishBuilder qos(int value) {
        this.qos = value;
        return this;
    }

    public PublishBuilder retain(boolean set) {
        this.retain = set;
        return this;
    }

    public PublishBuilder dup(boolean set) {
        this.dup = set;
        return this;
    }

    public PublishBuilder packetId(int id) {
        this.packetId = id;
        return this;
    }

    public PublishBuilder payload(byte[] bytes) {
        this.payload = bytes.clone();
        return this;
    }

    public PublishBuilder payload(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends exactly this fixed-header low nibble. */
    public PublishBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    // ---- properties (3.3.2.3)

    public PublishBuilder payloadFormat(int indicator) {
        properties.u8(PropertyId.PAYLOAD_FORMAT_INDICATOR, indicator);
        return this;
    }

    public PublishBuilder messageExpiry(long seconds) {
        properties.u32(PropertyId.MESSAGE_EXPIRY_INTERVAL, seconds);
        return this;
    }

    public PublishBuilder topicAlias(int alias) {
        properties.u16(PropertyId.TOPIC_ALIAS, alias);
        return this;
    }

    public PublishBuilder responseTopic(String topicName) {
        properties.utf8(PropertyId.RESPONSE_TOPIC, topicName);
        return this;
    }

    public PublishBuilder correlationData(byte[] data) {
        properties.binary(PropertyId.CORRELATION_DATA, data);
        return this;
    }

    public PublishBuilder contentType(String type) {
        properties.utf8(PropertyId.CONTENT_TYPE, type);
        return this;
    }

    /** A Subscription Identifier; a client must not send one [MQTT-3.3.4-6], a server may send several. */
    public PublishBuilder subscriptionIdentifier(int id) {
        properties.varInt(PropertyId.SUBSCRIPTION_IDENTIFIER, id);
        return this;
    }

    public PublishBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public PublishBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    public PublishBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    /** @throws IllegalStateException if properties were set without {@link #v5()} */
    public byte[] build() {
        if (!v5 && !properties.isEmpty()) {
            throw new IllegalStateException("PUBLISH properties need v5()");
        }
        ByteSink body = new ByteSink().binary(topic);
        if (qos > 0 || packetId != null) {
            body.u16(packetId != null ? packetId : 1);
        }
        if (v5) {
            properties.writeTo(body);
        }
        body.bytes(payload);
        int flags = fixedHeaderFlags != null ? fixedHeaderFlags
                : (dup ? 0x08 : 0) | (qos & 0x03) << 1 | (retain ? 0x01 : 0);
        return ByteSink.frame(3, flags, body.toByteArray());
    }
}
