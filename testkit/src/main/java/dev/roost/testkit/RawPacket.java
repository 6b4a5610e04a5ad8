package dev.roost.testkit;

import dev.roost.protocol.packet.PacketType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One MQTT control packet exactly as it crossed the wire: the type and flags nibbles of the fixed header and the body
 * that followed the Remaining Length (2.1). The accessors decode the body per the spec, independently of Roost's
 * codec, and fail with an {@link AssertionError} that names the packet when it is of another type or malformed.
 * Accessors whose layout differs between versions take {@code v5}; property accessors assume MQTT 5.0.
 *
 * <p>Immutable and thread-safe: the body is copied in and out.
 *
 * @param type the packet type, 0..15 (0 is reserved, but a broken peer may send it)
 * @param flags the low nibble of the fixed header byte
 * @param body the bytes after the Remaining Length, never {@code null}
 */
public record RawPacket(int type, int flags, byte[] body) {

    public RawPacket {
        if (type < 0 || type > 15 || flags < 0 || flags > 15) {
            throw new IllegalArgumentException("type and flags are 4 bits each: " + type + ", " + flags);
        }
        body = body.clone();
    }

    /**
     * Decodes exactly one whole packet.
     *
     * @throws AssertionError if {@code bytes} is not exactly one well-framed packet
     */
    public static RawPacket parse(byte[] bytes) {
        List<RawPacket> packets = parseAll(bytes);
        if (packets.size() != 1) {
            throw new AssertionError("expected one packet but found " + packets.size() + ": " + packets);
        }
        return packets.get(0);
    }

    /**
     * Decodes a sequence of whole packets.
     *
     * @throws AssertionError if the bytes end inside a packet or a Remaining Length is malformed
     */
    public static List<RawPacket> parseAll(byte[] bytes) {
        List<RawPacket> packets = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            PacketFramer.Framed framed = PacketFramer.tryFrame(bytes, offset, bytes.length - offset);
            if (framed == null) {
                throw new AssertionError("bytes end inside a packet: " + Hex.of(bytes, offset, bytes.length - offset));
            }
            packets.add(framed.packet());
            offset += framed.length();
        }
        return packets;
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** @return the whole packet as it was on the wire (shortest Remaining Length encoding). */
    public byte[] bytes() {
        return ByteSink.frame(type, flags, body);
    }

    public int remainingLength() {
        return body.length;
    }

    /** @return the packet type, or {@code null} for the reserved type 0. */
    public PacketType packetType() {
        return type == 0 ? null : PacketType.values()[type - 1];
    }

    public boolean is(PacketType expected) {
        return type == expected.value();
    }

    /** @return this packet, so a test can chain: {@code client.receive().expectType(CONNACK).connAckCode()}. */
    public RawPacket expectType(PacketType expected) {
        if (!is(expected)) {
            throw new AssertionError("expected " + expected + " but received " + this);
        }
        return this;
    }

    // ---- CONNACK (3.2)

    /** The whole Connect Acknowledge Flags byte; bits 7-1 are reserved [MQTT-3.2.2-1]. */
    public int connAckFlags() {
        return reader(PacketType.CONNACK).u8();
    }

    public boolean connAckSessionPresent() {
        return (connAckFlags() & 0x01) != 0;
    }

    /** The 3.1.1 Connect Return Code or the 5.0 Connect Reason Code. */
    public int connAckCode() {
        return reasonCode();
    }

    // ---- PUBLISH (3.3)

    public String publishTopic() {
        return reader(PacketType.PUBLISH).utf8();
    }

    public int publishQos() {
        expectType(PacketType.PUBLISH);
        return (flags >>> 1) & 0x03;
    }

    public boolean publishDup() {
        expectType(PacketType.PUBLISH);
        return (flags & 0x08) != 0;
    }

    public boolean publishRetain() {
        expectType(PacketType.PUBLISH);
        return (flags & 0x01) != 0;
    }

    /** @throws AssertionError for a QoS 0 PUBLISH, which has no packet identifier */
    public int publishPacketId() {
        WireReader in = reader(PacketType.PUBLISH);
        in.utf8();
        requirePublishPacketId();
        return in.u16();
    }

    public byte[] publishPayload(boolean v5) {
        WireReader in = reader(PacketType.PUBLISH);
        in.utf8();
        if (publishQos() > 0) {
            in.u16();
        }
        if (v5) {
            in.properties();
        }
        return in.rest();
    }

    /** The payload decoded as UTF-8 (leniently: this is for readable assertions, not validation). */
    public String publishPayloadString(boolean v5) {
        return new String(publishPayload(v5), StandardCharsets.UTF_8);
    }

    // ---- acknowledgements and the rest

    /** The Packet Identifier of a PUBLISH (QoS > 0), PUBACK, PUBREC, PUBREL, PUBCOMP, (UN)SUBSCRIBE or (UN)SUBACK. */
    public int packetId() {
        PacketType t = packetType();
        if (t == PacketType.PUBLISH) {
            return publishPacketId();
        }
        return reader(PacketType.PUBACK, PacketType.PUBREC, PacketType.PUBREL, PacketType.PUBCOMP,
                PacketType.SUBSCRIBE, PacketType.SUBACK, PacketType.UNSUBSCRIBE, PacketType.UNSUBACK).u16();
    }

    /**
     * The single reason code of a CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT or AUTH. Where MQTT 5.0 lets
     * it be omitted (Remaining Length 2 for the acks, 0 for DISCONNECT and AUTH) it is 0x00, which also makes this
     * work for 3.1.1 packets.
     */
    public int reasonCode() {
        PacketType t = packetType();
        if (t == PacketType.CONNACK) {
            WireReader in = reader(t);
            in.u8();
            return in.u8();
        }
        WireReader in = reader(PacketType.PUBACK, PacketType.PUBREC, PacketType.PUBREL, PacketType.PUBCOMP,
                PacketType.DISCONNECT, PacketType.AUTH);
        if (!isDisconnectOrAuth()) {
            in.u16();
        }
        return in.hasRemaining() ? in.u8() : 0x00;
    }

    /**
     * The MQTT 5.0 properties of any packet that has them; {@link RawProperties#EMPTY} where the section may be and
     * is omitted (acks with Remaining Length below 4, DISCONNECT and AUTH below 2). Checks that nothing trails the
     * properties in packets that end with them.
     */
    public RawProperties properties() {
        PacketType t = packetType();
        if (t == PacketType.CONNECT) {
            return connect().properties();
        }
        WireReader in = reader(PacketType.CONNACK, PacketType.PUBLISH, PacketType.PUBACK, PacketType.PUBREC,
                PacketType.PUBREL, PacketType.PUBCOMP, PacketType.SUBSCRIBE, PacketType.SUBACK,
                PacketType.UNSUBSCRIBE, PacketType.UNSUBACK, PacketType.DISCONNECT, PacketType.AUTH);
        switch (t) {
            case CONNACK -> in.bytes(2);
            case PUBLISH -> {
                in.utf8();
                if (publishQos() > 0) {
                    in.u16();
                }
                return in.properties();
            }
            case SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK -> {
                in.u16();
                return in.properties();
            }
            case DISCONNECT, AUTH -> {
                if (in.remaining() < 2) {
                    return RawProperties.EMPTY;
                }
                in.u8();
            }
            default -> {
                if (in.remaining() < 4) {
                    return RawProperties.EMPTY;
                }
                in.bytes(3);
            }
        }
        RawProperties properties = in.properties();
        in.expectEnd();
        return properties;
    }

    /** The SUBACK return codes (3.1.1) or reason codes (5.0), one per filter, in order. */
    public List<Integer> subAckReasonCodes(boolean v5) {
        return trailingCodes(PacketType.SUBACK, v5);
    }

    /** The UNSUBACK reason codes (5.0); empty for 3.1.1, whose UNSUBACK has no payload (checked). */
    public List<Integer> unsubAckReasonCodes(boolean v5) {
        if (!v5) {
            WireReader in = reader(PacketType.UNSUBACK);
            in.u16();
            in.expectEnd();
            return List.of();
        }
        return trailingCodes(PacketType.UNSUBACK, true);
    }

    /** The CONNECT decoded; its layout follows its own protocol level. */
    public RawConnect connect() {
        return RawConnect.read(reader(PacketType.CONNECT));
    }

    /** The filters and options of a SUBSCRIBE, in order. */
    public List<RawSubscription> subscribeFilters(boolean v5) {
        WireReader in = afterIdAndProperties(PacketType.SUBSCRIBE, v5);
        List<RawSubscription> subscriptions = new ArrayList<>();
        while (in.hasRemaining()) {
            subscriptions.add(new RawSubscription(in.utf8(), in.u8()));
        }
        return subscriptions;
    }

    /** The filters of an UNSUBSCRIBE, in order. */
    public List<String> unsubscribeFilters(boolean v5) {
        WireReader in = afterIdAndProperties(PacketType.UNSUBSCRIBE, v5);
        List<String> filters = new ArrayList<>();
        while (in.hasRemaining()) {
            filters.add(in.utf8());
        }
        return filters;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPacket other && type == other.type && flags == other.flags
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, flags, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return typeName() + String.format("(flags=0x%x, ", flags) + body.length + " bytes " + Hex.of(body) + ")";
    }

    private String typeName() {
        return type == 0 ? "RESERVED(0)" : packetType().name();
    }

    private boolean isDisconnectOrAuth() {
        return is(PacketType.DISCONNECT) || is(PacketType.AUTH);
    }

    private void requirePublishPacketId() {
        if (publishQos() == 0) {
            throw new AssertionError("a QoS 0 PUBLISH has no packet identifier: " + this);
        }
    }

    private List<Integer> trailingCodes(PacketType expected, boolean v5) {
        WireReader in = afterIdAndProperties(expected, v5);
        List<Integer> codes = new ArrayList<>();
        while (in.hasRemaining()) {
            codes.add(in.u8());
        }
        return codes;
    }

    private WireReader afterIdAndProperties(PacketType expected, boolean v5) {
        WireReader in = reader(expected);
        in.u16();
        if (v5) {
            in.properties();
        }
        return in;
    }

    private WireReader reader(PacketType... expected) {
        for (PacketType candidate : expected) {
            if (is(candidate)) {
                return new WireReader(body, typeName());
            }
        }
        throw new AssertionError("expected " + (expected.length == 1 ? expected[0] : "one of " + List.of(expected))
                + " but received " + this);
    }
}
