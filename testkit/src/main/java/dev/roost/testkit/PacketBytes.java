package dev.roost.testkit;

/**
 * Exact MQTT bytes for tests, written from the spec and independent of Roost's codec: fluent builders for every
 * packet in MQTT 3.1, 3.1.1 and 5.0, each with knobs to make it wrong (flags, reserved bits, raw properties), and
 * low-level pieces to write any byte sequence at all.
 *
 * <pre>{@code
 * client.send(PacketBytes.connect().v5().clientId("a").sessionExpiry(60).build(),
 *             PacketBytes.publish().v5().topic("a/b").qos(1).packetId(7).payload("hi").build(),
 *             PacketBytes.raw(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)); // a five-byte Remaining Length
 * }</pre>
 *
 * <p>Stateless; every call returns a new builder or array. Builders are not thread-safe and may be built repeatedly.
 */
public final class PacketBytes {
    private PacketBytes() {
    }

    public static ConnectBuilder connect() {
        return new ConnectBuilder();
    }

    public static ConnAckBuilder connack() {
        return new ConnAckBuilder();
    }

    public static PublishBuilder publish() {
        return new PublishBuilder();
    }

    public static AckBuilder puback(int packetId) {
        return new AckBuilder(4, 0x00, packetId);
    }

    public static AckBuilder pubrec(int packetId) {
        return new AckBuilder(5, 0x00, packetId);
    }

    /** A PUBREL with its required flags 0x02 [MQTT-3.6.1-1]; {@link AckBuilder#fixedHeaderFlags} breaks them. */
    public static AckBuilder pubrel(int packetId) {
        return new AckBuilder(6, 0x02, packetId);
    }

    public static AckBuilder pubcomp(int packetId) {
        return new AckBuilder(7, 0x00, packetId);
    }

    public static SubscribeBuilder subscribe() {
        return new SubscribeBuilder();
    }

    public static SubAckBuilder suback(int packetId) {
        return new SubAckBuilder(9, packetId);
    }

    public static UnsubscribeBuilder unsubscribe() {
        return new UnsubscribeBuilder();
    }

    /** An UNSUBACK: without reason codes and {@code v5()} it is the 3.1.1 form (packet id only). */
    public static SubAckBuilder unsuback(int packetId) {
        return new SubAckBuilder(11, packetId);
    }

    /** {@code C0 00}. */
    public static byte[] pingreq() {
        return raw(0xC0, 0x00);
    }

    /** {@code D0 00}. */
    public static byte[] pingresp() {
        return raw(0xD0, 0x00);
    }

    /** A DISCONNECT: {@code E0 00} unless a reason code or property is set. */
    public static DisconnectBuilder disconnect() {
        return new DisconnectBuilder();
    }

    public static AuthBuilder auth() {
        return new AuthBuilder();
    }

    // ---- low-level pieces

    /**
     * A Variable Byte Integer (1.5.5), 1 to 4 bytes.
     *
     * @throws IllegalArgumentException outside 0..268,435,455; write longer encodings with {@link #raw}
     */
    public static byte[] varInt(int value) {
        return new ByteSink().varInt(value).toByteArray();
    }

    /** A UTF-8 Encoded String (1.5.4): a two-byte length, then the bytes. For invalid UTF-8 use {@link #binary}. */
    public static byte[] utf8(String value) {
        return new ByteSink().utf8(value).toByteArray();
    }

    /** Binary Data (1.5.6): a two-byte length, then {@code value}; also a string from pre-encoded, maybe bad, bytes. */
    public static byte[] binary(byte[] value) {
        return new ByteSink().binary(value).toByteArray();
    }

    /** The fixed header: {@code typeAndFlags} (e.g. 0x30 for PUBLISH QoS 0) and the Remaining Length. */
    public static byte[] fixedHeader(int typeAndFlags, int remainingLength) {
        return new ByteSink().u8(typeAndFlags).varInt(remainingLength).toByteArray();
    }

    /** A whole packet whose Remaining Length is computed from the concatenated {@code bodyParts}. */
    public static byte[] packet(int typeAndFlags, byte[]... bodyParts) {
        byte[] body = concat(bodyParts);
        return concat(fixedHeader(typeAndFlags, body.length), body);
    }

    /**
     * Any byte sequence: each value is taken as an unsigned byte (0..255) or a Java byte (-128..-1).
     *
     * @throws IllegalArgumentException for a value outside -128..255
     */
    public static byte[] raw(int... bytes) {
        byte[] result = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < -128 || bytes[i] > 255) {
                throw new IllegalArgumentException("not a byte at index " + i + ": " + bytes[i]);
            }
            result[i] = (byte) bytes[i];
        }
        return result;
    }

    public static byte[] concat(byte[]... parts) {
        ByteSink sink = new ByteSink();
        for (byte[] part : parts) {
            sink.bytes(part);
        }
        return sink.toByteArray();
    }
}
