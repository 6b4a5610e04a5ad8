package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PacketType;
import io.netty.buffer.ByteBuf;

/**
 * Walks the fields of one complete packet exactly as Netty 4.2's {@code MqttDecoder} will read them, same fields and
 * same conditions, so that no field Netty reads runs past the packet's Remaining Length: when one would, this walk
 * says Malformed Packet at once, where Netty would read on into the next packet or wait for bytes that never come.
 * On the way it makes the checks Netty's decoder cannot make on what it hands over:
 * <ul>
 *   <li>a 5.0 property that appears twice where the spec allows it once → 0x82 ({@link PropertySection});</li>
 *   <li>5.0 subscription options with reserved bits 6-7 set [MQTT-3.8.3-5], or a 3.1.1 requested QoS byte with any
 *       of its upper 6 bits set [MQTT-3.8.3-4] → 0x81 (Netty drops the bits).</li>
 * </ul>
 * The layout, by packet type (v5: only on a 5.0 channel; RL: Remaining Length):
 * <pre>
 * CONNECT      protocol name, level, flags, keep alive, [v5 of the CONNECT: properties], client id,
 *              [will: [v5: will properties], will topic, will payload], [user name], [password]
 * CONNACK      flags, reason code, [v5: properties]
 * PUBLISH      topic, [QoS &gt; 0: packet id], [v5: properties], payload = the rest
 * PUBACK, PUBREC, PUBREL, PUBCOMP   packet id, [RL &gt; 2: reason code], [RL &gt; 3: properties], in every version
 * SUBSCRIBE    packet id, [v5: properties], (filter, options byte) until the end
 * UNSUBSCRIBE  packet id, [v5: properties], filters until the end
 * SUBACK, UNSUBACK  packet id, [v5: properties], reason codes = the rest
 * DISCONNECT, AUTH  [RL &gt; 0: reason code], [RL &gt; 1: properties], in every version
 * PINGREQ, PINGRESP nothing (Netty requires RL 0)
 * </pre>
 * The walk stops early, leaving the verdict to Netty, where Netty fails anyway: a CONNECT with an unknown protocol
 * name or level (0x84) or the reserved flag set (0x81). Bytes left over after the last field are Netty's to reject too.
 *
 * <p>One instance per channel, reused for every frame, called on the channel's event loop only.
 */
final class FrameLayout {
    private static final PacketType[] TYPES = PacketType.values();

    private final FrameCursor cursor = new FrameCursor();
    private final ConnectionSide side;
    private MqttVersion announcedVersion;

    /** @param side the end of the connection that reads the frames */
    FrameLayout(ConnectionSide side) {
        this.side = side;
    }

    /**
     * Walks the packet whose variable header starts at {@code start} in {@code buffer} and which ends before
     * {@code end}. Does not move the buffer's indexes.
     *
     * @param firstByte the packet's first byte (type and flags), already known to be one Netty accepts
     * @param channelVersion the version the channel speaks (a CONNECT is walked in the version it names)
     * @throws ProtocolViolation when a field runs past the packet or one of the checks above fails
     */
    void check(ByteBuf buffer, int start, int end, int firstByte, MqttVersion channelVersion) {
        announcedVersion = null;
        cursor.reset(buffer, start, end);
        try {
            walk(TYPES[(firstByte >> 4) - 1], firstByte, end - start, channelVersion.isV5());
        } finally {
            cursor.clear();
        }
    }

    /**
     * @return the version the last walked CONNECT named, {@code null} when the last frame was no CONNECT or the walk
     *     failed before its protocol level
     */
    MqttVersion announcedVersion() {
        return announcedVersion;
    }

    private void walk(PacketType type, int firstByte, int remainingLength, boolean v5) {
        switch (type) {
            case CONNECT -> connect();
            case CONNACK -> {
                cursor.skip(2, "CONNACK flags and reason code");
                properties(v5);
            }
            case PUBLISH -> {
                cursor.skipLengthPrefixed("Topic Name");
                if ((firstByte & 0x06) != 0) {
                    cursor.skip(2, "Packet Identifier");
                }
                if (v5) {
                    long repeatable = side == ConnectionSide.CLIENT
                            ? PropertySection.USER_PROPERTY_AND_SUBSCRIPTION_IDENTIFIER_REPEAT
                            : PropertySection.USER_PROPERTY_REPEATS;
                    PropertySection.skip(cursor, repeatable, true);
                }
            }
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> {
                cursor.skip(2, "Packet Identifier");
                reasonCodeAndProperties(remainingLength - 2, v5);
            }
            case SUBSCRIBE -> {
                cursor.skip(2, "Packet Identifier");
                properties(v5);
                while (cursor.hasRemaining()) {
                    cursor.skipLengthPrefixed("Topic Filter");
                    subscriptionOptions(cursor.readByte("Subscription Options"), v5);
                }
            }
            case UNSUBSCRIBE -> {
                cursor.skip(2, "Packet Identifier");
                properties(v5);
                while (cursor.hasRemaining()) {
                    cursor.skipLengthPrefixed("Topic Filter");
                }
            }
            case SUBACK, UNSUBACK -> {
                cursor.skip(2, "Packet Identifier");
                properties(v5);
            }
            case DISCONNECT, AUTH -> reasonCodeAndProperties(remainingLength, v5);
            case PINGREQ, PINGRESP -> {
            }
        }
    }

    private void connect() {
        int nameLength = cursor.readTwoByteInteger("Protocol Name");
        boolean mqtt = cursor.nextBytesAre("MQTT", nameLength);
        boolean mqisdp = cursor.nextBytesAre("MQIsdp", nameLength);
        cursor.skip(nameLength, "Protocol Name");
        int level = cursor.readByte("Protocol Level");
        MqttVersion version = MqttVersion.ofLevel(level);
        if (version == null || (version == MqttVersion.V3_1 ? !mqisdp : !mqtt)) {
            return; // Netty: unsupported protocol version
        }
        announcedVersion = version;
        int flags = cursor.readByte("Connect Flags");
        if (version != MqttVersion.V3_1 && (flags & 0x01) != 0) {
            return; // Netty: reserved flag [MQTT-3.1.2-3]
        }
        cursor.skip(2, "Keep Alive");
        boolean v5 = version.isV5();
        properties(v5);
        cursor.skipLengthPrefixed("Client Identifier");
        if ((flags & 0x04) != 0) {
            properties(v5);
            cursor.skipLengthPrefixed("Will Topic");
            cursor.skipLengthPrefixed("Will Payload");
        }
        if ((flags & 0x80) != 0) {
            cursor.skipLengthPrefixed("User Name");
        }
        if ((flags & 0x40) != 0) {
            cursor.skipLengthPrefixed("Password");
        }
    }

    /** Netty reads these whenever the Remaining Length has room for them, in every version. */
    private void reasonCodeAndProperties(int length, boolean v5) {
        if (length > 0) {
            cursor.skip(1, "Reason Code");
        }
        if (length > 1) {
            PropertySection.skip(cursor, PropertySection.USER_PROPERTY_REPEATS, v5);
        }
    }

    private void properties(boolean v5) {
        if (v5) {
            PropertySection.skip(cursor, PropertySection.USER_PROPERTY_REPEATS, true);
        }
    }

    private static void subscriptionOptions(int options, boolean v5) {
        if (v5 && (options & 0xC0) != 0) {
            throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "MQTT-3.8.3-5",
                    String.format("reserved bits 6-7 of the Subscription Options must be 0, were 0x%02X", options));
        }
        if (!v5 && (options & 0xFC) != 0) {
            throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "MQTT-3.8.3-4",
                    String.format("the upper 6 bits of the Requested QoS byte must be 0, were 0x%02X", options));
        }
    }
}
