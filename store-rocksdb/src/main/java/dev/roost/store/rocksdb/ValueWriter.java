package dev.roost.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes one stored value: a format-version byte, then fields in a compact binary form (unsigned LEB128 varints,
 * length-prefixed UTF-8 strings and byte arrays). The counterpart of {@link ValueReader}. Not thread-safe; one per
 * value.
 */
final class ValueWriter {
    /** The format of every value this version writes. A reader refuses any other. */
    static final int FORMAT_VERSION = 1;

    private byte[] bytes;
    private int length;

    private ValueWriter(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    /** A writer whose value starts with {@link #FORMAT_VERSION}. */
    static ValueWriter value(int expectedSize) {
        ValueWriter w = new ValueWriter(expectedSize + 1);
        w.writeByte(FORMAT_VERSION);
        return w;
    }

    /** A writer for a key: no version byte. */
    static ValueWriter key(int expectedSize) {
        return new ValueWriter(expectedSize);
    }

    ValueWriter writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
        return this;
    }

    ValueWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    ValueWriter writeShort(int v) {
        ensure(2);
        bytes[length++] = (byte) (v >>> 8);
        bytes[length++] = (byte) v;
        return this;
    }

    /** Eight bytes, big-endian: keys sort by it. */
    ValueWriter writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[length++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** An unsigned LEB128 varint: 1 byte below 128, at most 10. Negative values take 10 bytes. */
    ValueWriter writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            bytes[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[length++] = (byte) v;
        return this;
    }

    ValueWriter writeVarInt(int v) {
        return writeVarLong(v & 0xFFFFFFFFL);
    }

    /** A signed value, zigzag-encoded so that small negative numbers stay short. */
    ValueWriter writeSignedVarLong(long v) {
        return writeVarLong((v << 1) ^ (v >> 63));
    }

    ValueWriter writeBytes(byte[] b) {
        writeVarInt(b.length);
        return writeRaw(b);
    }

    ValueWriter writeRaw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        return this;
    }

    ValueWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    ValueWriter writeInstant(Instant t) {
        writeSignedVarLong(t.getEpochSecond());
        return writeVarInt(t.getNano());
    }

    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
