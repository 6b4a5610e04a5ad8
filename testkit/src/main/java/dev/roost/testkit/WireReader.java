package dev.roost.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads MQTT wire primitives from a packet body, strictly: anything malformed fails with an {@link AssertionError}
 * naming the packet and the offset, because a broker that emits it has a bug. Not thread-safe.
 */
final class WireReader {
    private final byte[] data;
    private final String what;
    private int position;

    WireReader(byte[] data, String what) {
        this.data = data;
        this.what = what;
    }

    int u8() {
        require(1, "a byte");
        return data[position++] & 0xFF;
    }

    int u16() {
        require(2, "a two-byte integer");
        int value = (data[position] & 0xFF) << 8 | data[position + 1] & 0xFF;
        position += 2;
        return value;
    }

    long u32() {
        require(4, "a four-byte integer");
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | data[position++] & 0xFF;
        }
        return value;
    }

    /** A Variable Byte Integer (1.5.5); more than four bytes is malformed. */
    int varInt() {
        int start = position;
        int value = 0;
        for (int i = 0; i < 4; i++) {
            require(1, "a variable byte integer");
            int b = data[position++] & 0xFF;
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw malformedAt(start, "variable byte integer longer than four bytes");
    }

    /** A UTF-8 Encoded String (1.5.4), decoded strictly: ill-formed UTF-8 is malformed. */
    String utf8() {
        int start = position;
        byte[] bytes = binary();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformedAt(start, "ill-formed UTF-8 string " + Hex.of(bytes) + " (" + e + ")");
        }
    }

    /** Binary Data (1.5.6). */
    byte[] binary() {
        int length = u16();
        return bytes(length);
    }

    byte[] bytes(int count) {
        require(count, count + " bytes");
        byte[] result = Arrays.copyOfRange(data, position, position + count);
        position += count;
        return result;
    }

    /** Everything not yet read. */
    byte[] rest() {
        return bytes(remaining());
    }

    /** A Property Length and the properties it covers (2.2.2). */
    RawProperties properties() {
        int start = position;
        int length = varInt();
        if (length > remaining()) {
            throw malformedAt(start, "property length " + length + " exceeds the " + remaining() + " bytes left");
        }
        byte[] block = bytes(length);
        return RawProperties.parseContent(new WireReader(block, what + " properties"));
    }

    int remaining() {
        return data.length - position;
    }

    boolean hasRemaining() {
        return position < data.length;
    }

    void expectEnd() {
        if (hasRemaining()) {
            throw malformedAt(position, remaining() + " unexpected trailing bytes " + Hex.of(rest()));
        }
    }

    AssertionError malformedAt(int offset, String problem) {
        return new AssertionError("malformed " + what + " at byte " + offset + ": " + problem + "; body "
                + Hex.of(data));
    }

    private void require(int count, String item) {
        if (remaining() < count) {
            throw malformedAt(position, "expected " + item + " but only " + remaining() + " bytes are left");
        }
    }
}
