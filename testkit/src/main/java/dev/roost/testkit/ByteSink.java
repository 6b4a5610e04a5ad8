package dev.roost.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Appends MQTT wire primitives (2.2, 1.5) to a growing byte array. The encoding here is written from the spec and
 * deliberately shares nothing with Roost's codec. Not thread-safe; one builder owns one sink.
 */
final class ByteSink {
    static final int MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ByteSink u8(int value) {
        if (value < -128 || value > 255) {
            throw new IllegalArgumentException("not a byte: " + value);
        }
        out.write(value);
        return this;
    }

    ByteSink u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("not a two-byte integer: " + value);
        }
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    ByteSink u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a four-byte integer: " + value);
        }
        out.write((int) (value >>> 24));
        out.write((int) (value >>> 16));
        out.write((int) (value >>> 8));
        out.write((int) value);
        return this;
    }

    /** A Variable Byte Integer (1.5.5): 7 bits per byte, least significant group first, at most 4 bytes. */
    ByteSink varInt(int value) {
        if (value < 0 || value > MAX_VARIABLE_BYTE_INTEGER) {
            throw new IllegalArgumentException("not a variable byte integer (0.." + MAX_VARIABLE_BYTE_INTEGER + "): "
                    + value + "; use PacketBytes.raw(...) to send an over-long one");
        }
        int rest = value;
        do {
            int digit = rest & 0x7F;
            rest >>>= 7;
            out.write(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
        return this;
    }

    /** A UTF-8 Encoded String (1.5.4): two-byte length, then the bytes. */
    ByteSink utf8(String value) {
        return binary(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Binary Data (1.5.6), also used for pre-encoded (possibly invalid) strings: two-byte length, then the bytes. */
    ByteSink binary(byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("longer than 65,535 bytes: " + value.length);
        }
        u16(value.length);
        out.writeBytes(value);
        return this;
    }

    ByteSink bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** A whole packet: the fixed header byte, the Remaining Length of {@code body}, then {@code body}. */
    static byte[] frame(int type, int flags, byte[] body) {
        if (type < 0 || type > 15 || flags < 0 || flags > 15) {
            throw new IllegalArgumentException("type and flags are 4 bits each: " + type + ", " + flags);
        }
        return new ByteSink().u8(type << 4 | flags).varInt(body.length).bytes(body).toByteArray();
    }
}
