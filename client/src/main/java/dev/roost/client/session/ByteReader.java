package dev.roost.client.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote. Reading past the end or a bad length throws {@link IllegalArgumentException}
 * (a damaged record). Not thread-safe.
 */
final class ByteReader {
    private final byte[] bytes;
    private int position;
    private final int end;

    ByteReader(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    ByteReader(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    int u8() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    boolean bool() {
        int v = u8();
        if (v > 1) {
            throw new IllegalArgumentException("not a boolean: " + v);
        }
        return v == 1;
    }

    int u16() {
        need(2);
        int v = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        position += 2;
        return v;
    }

    int i32() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    long i64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    /** @return {@code null} for length -1 */
    byte[] bytes() {
        int length = i32();
        if (length == -1) {
            return null;
        }
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        need(length);
        byte[] v = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return v;
    }

    String string() {
        byte[] v = bytes();
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** A count of elements that follow, each at least {@code minBytesEach} long; checked against what is left. */
    int count(int minBytesEach) {
        int n = i32();
        if (n < 0 || (long) n * minBytesEach > end - position) {
            throw new IllegalArgumentException("bad element count " + n);
        }
        return n;
    }

    void expectEnd() {
        if (position != end) {
            throw new IllegalArgumentException((end - position) + " unexpected bytes after the record");
        }
    }

    private void need(int n) {
        if (n > end - position) {
            throw new IllegalArgumentException("record ends early: need " + n + " bytes, " + (end - position)
                    + " left");
        }
    }
}
