package dev.roost.testkit;

import java.nio.charset.StandardCharsets;

/**
 * Builds CONNECT bytes (3.1). Defaults: MQTT 3.1.1 (protocol name "MQTT", level 4), empty client id, clean start,
 * keep alive 60 s, no will, no credentials. The Connect Flags follow from what is set, unless {@link #rawFlags}
 * replaces them; the protocol name and level follow the version unless overridden, whatever the call order.
 * Properties are written in call order and need {@link #v5()}. Not thread-safe.
 */
public final class ConnectBuilder {
    private boolean v5;
    private String protocolName;
    private Integer protocolLevel;
    private Integer rawFlags;
    private boolean reservedFlag;
    private boolean cleanStart = true;
    private int keepAliveSeconds = 60;
    private String clientId = "";
    private final PropertyBlock properties = new PropertyBlock();
    private final PropertyBlock willProperties = new PropertyBlock();
    private String willTopic;
    private byte[] willPayload;
    private int willQos;
    private boolean willRetain;
    private String username;
    private byte[] password;
    private int fixedHeaderFlags;
    private String defaultName = "MQTT";
    private int defaultLevel = 4;

    ConnectBuilder() {
    }

    /** MQTT 5.0: "MQTT", level 5, with property sections. */
    public ConnectBuilder v5() {
        return version(true, "MQTT", 5);
    }

    /** MQTT 3.1.1: "MQTT", level 4 (the default). */
    public ConnectBuilder v311() {
        return version(false, "MQTT", 4);
    }

    /** MQTT 3.1: "MQIsdp", level 3. */
    public ConnectBuilder v31() {
        return version(false, "MQIsdp", 3);
    }

    public ConnectBuilder protocolName(String name) {
        this.protocolName = name;
        return this;
    }

    public ConnectBuilder protocolLevel(int level) {
        this.protocolLevel = level;
        return this;
    }

    /** Sets bit 0 of the Connect Flags, which must be 0 [MQTT-3.1.2-3]. */
    public ConnectBuilder reservedFlag(boolean set) {
        this.reservedFlag = set;
        return this;
    }

    /** Sends exactly this Connect Flags byte; the fields present still follow what is set. */
    public ConnectBuilder rawFlags(int flags) {
        this.rawFlags = flags;
        return this;
    }

    /** Clean Start (5.0) or Clean Session (3.1.1). */
    public ConnectBuilder cleanStart(boolean clean) {
        this.cleanStart = clean;
        return this;
    }

    public ConnectBuilder keepAlive(int seconds) {
        this.keepAliveSeconds = seconds;
        return this;
    }

    public ConnectBuilder clientId(String id) {
        this.clientId = id;
        return this;
    }

    /** A will; {@code qos} may be 3 to send a malformed one [MQTT-3.1.2-12]. */
    public ConnectBuilder will(String topic, byte[] payload, int qos, boolean retain) {
        this.willTopic = topic;
        this.willPayload = payload.clone();
        this.willQos = qos;
        this.willRetain = retain;
        return this;
    }

    public ConnectBuilder will(String topic, String payload, int qos, boolean retain) {
        return will(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    public ConnectBuilder username(String name) {
        this.username = name;
        return this;
    }

    public ConnectBuilder password(byte[] secret) {
        this.password = secret.clone();
        return this;
    }

    public ConnectBuilder password(String secret) {
        return password(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The fixed header's low nibble, which must be 0 [MQTT-2.1.3-1]. */
    public ConnectBuilder fixedHeaderFlags(int flags) {
        this.fixedHeaderFlags = flags;
        return this;
    }

    // ---- CONNECT properties (3.1.2.11)

    public ConnectBuilder sessionExpiry(long seconds) {
        properties.u32(PropertyId.SESSION_EXPIRY_INTERVAL, seconds);
        return this;
    }

    public ConnectBuilder receiveMaximum(int value) {
        properties.u16(PropertyId.RECEIVE_MAXIMUM, value);
        return this;
    }

    public ConnectBuilder maximumPacketSize(long bytes) {
        properties.u32(PropertyId.MAXIMUM_PACKET_SIZE, bytes);
        return this;
    }

    public ConnectBuilder topicAliasMaximum(int value) {
        properties.u16(PropertyId.TOPIC_ALIAS_MAXIMUM, value);
        return this;
    }

    /** Request Response Information: a byte, so 2 sends a protocol error. */
    public ConnectBuilder requestResponseInformation(int value) {
        properties.u8(PropertyId.REQUEST_RESPONSE_INFORMATION, value);
        return this;
    }

    /** Request Problem Information: a byte, so 2 sends a protocol error. */
    public ConnectBuilder requestProblemInformation(int value) {
        properties.u8(PropertyId.REQUEST_PROBLEM_INFORMATION, value);
        return this;
    }

    public ConnectBuilder authenticationMethod(String method) {
        properties.utf8(PropertyId.AUTHENTICATION_METHOD, method);
        return this;
    }

    public ConnectBuilder authenticationData(byte[] data) {
        properties.binary(PropertyId.AUTHENTICATION_DATA, data);
        return this;
    }

    public ConnectBuilder userProperty(String name, String value) {
        properties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    /** Any property: the id, then {@code value} bytes as given. */
    public ConnectBuilder rawProperty(int id, int... value) {
        properties.raw(id, value);
        return this;
    }

    /** Replaces the CONNECT property section, Property Length included. */
    public ConnectBuilder rawProperties(byte[] section) {
        properties.replaceWith(section);
        return this;
    }

    // ---- will properties (3.1.3.2)

    public ConnectBuilder willDelay(long seconds) {
        willProperties.u32(PropertyId.WILL_DELAY_INTERVAL, seconds);
        return this;
    }

    public ConnectBuilder willPayloadFormat(int indicator) {
        willProperties.u8(PropertyId.PAYLOAD_FORMAT_INDICATOR, indicator);
        return this;
    }

    public ConnectBuilder willMessageExpiry(long seconds) {
        willProperties.u32(PropertyId.MESSAGE_EXPIRY_INTERVAL, seconds);
        return this;
    }

    public ConnectBuilder willContentType(String contentType) {
        willProperties.utf8(PropertyId.CONTENT_TYPE, contentType);
        return this;
    }

    public ConnectBuilder willResponseTopic(String topic) {
        willProperties.utf8(PropertyId.RESPONSE_TOPIC, topic);
        return this;
    }

    public ConnectBuilder willCorrelationData(byte[] data) {
        willProperties.binary(PropertyId.CORRELATION_DATA, data);
        return this;
    }

    public ConnectBuilder willUserProperty(String name, String value) {
        willProperties.pair(PropertyId.USER_PROPERTY, name, value);
        return this;
    }

    public ConnectBuilder willRawProperty(int id, int... value) {
        willProperties.raw(id, value);
        return this;
    }

    /** @throws IllegalStateException if properties were set without {@link #v5()} */
    public byte[] build() {
        boolean hasWill = willTopic != null;
        if (!v5 && (!properties.isEmpty() || !willProperties.isEmpty())) {
            throw new IllegalStateException("CONNECT properties need v5(); use rawProperty on a v5() builder with "
                    + "protocolLevel(4) to send them to a 3.1.1 server");
        }
        if (!hasWill && !willProperties.isEmpty()) {
            throw new IllegalStateException("will properties need will(...)");
        }
        ByteSink body = new ByteSink()
                .utf8(protocolName != null ? protocolName : defaultName)
                .u8(protocolLevel != null ? protocolLevel : defaultLevel)
                .u8(rawFlags != null ? rawFlags : computedFlags(hasWill))
                .u16(keepAliveSeconds);
        if (v5) {
            properties.writeTo(body);
        }
        body.utf8(clientId);
        if (hasWill) {
            if (v5) {
                willProperties.writeTo(body);
            }
            body.utf8(willTopic).binary(willPayload);
        }
        if (username != null) {
            body.utf8(username);
        }
        if (password != null) {
            body.binary(password);
        }
        return ByteSink.frame(1, fixedHeaderFlags, body.toByteArray());
    }

    private int computedFlags(boolean hasWill) {
        int flags = 0;
        if (username != null) {
            flags |= 0x80;
        }
        if (password != null) {
            flags |= 0x40;
        }
        if (hasWill) {
            flags |= (willRetain ? 0x20 : 0) | (willQos & 0x03) << 3 | 0x04;
        }
        if (cleanStart) {
            flags |= 0x02;
        }
        if (reservedFlag) {
            flags |= 0x01;
        }
        return flags;
    }

    private ConnectBuilder version(boolean isV5, String name, int level) {
        this.v5 = isV5;
        this.defaultName = name;
        this.defaultLevel = level;
        return this;
    }
}
