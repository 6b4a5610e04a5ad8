package dev.roost.client.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for {@link SessionCodec}. Not thread-safe.
 */
final class ByteWriter {
    private byte[] bytes;
    private int size;

    ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    ByteWriter u8(int v) {
        ensure(1);
        bytes[size++] = (byte) v;
        return this;
    }

    ByteWriter bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    ByteWriter u16(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
        return this;
    }

    ByteWriter i32(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    ByteWriter i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** A length-prefixed byte array; {@code null} is written as length -1. */
    ByteWriter bytes(byte[] v) {
        if (v == null) {
            return i32(-1);
        }
        return i32(v.length).raw(v);
    }

    /** The bytes as they are, without a length. */
    ByteWriter raw(byte[] v) {
        ensure(v.length);
        System.arraycopy(v, 0, bytes, size, v.length);
        size += v.length;
        return this;
    }

    /** A length-prefixed UTF-8 string; {@code null} allowed. */
    ByteWriter string(String v) {
        return bytes(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("session record larger than 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
