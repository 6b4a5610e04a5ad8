package dev.roost.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads one stored value written by {@link ValueWriter}. Every malformed input (an unknown format version, a value cut
 * short, a varint too long) raises {@link CorruptValueException}. Not thread-safe; one per value.
 */
final class ValueReader {
    private final byte[] bytes;
    private int position;

    private ValueReader(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    /** A reader positioned after the format-version byte, which must be {@link ValueWriter#FORMAT_VERSION}. */
    static ValueReader value(byte[] value) {
        if (value.length == 0) {
            throw new CorruptValueException("an empty value (no format-version byte)");
        }
        int version = value[0] & 0xFF;
        if (version != ValueWriter.FORMAT_VERSION) {
            throw new CorruptValueException("unknown format version " + version + " (this version of Roost reads "
                    + ValueWriter.FORMAT_VERSION + ")");
        }
        return new ValueReader(value, 1);
    }

    /** A reader of a key from {@code offset}. */
    static ValueReader key(byte[] key, int offset) {
        return new ValueReader(key, offset);
    }

    int readByte() {
        need(1);
        return bytes[position++] & 0xFF;
    }

    boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new CorruptValueException("a boolean of " + b);
        }
        return b == 1;
    }

    int readShort() {
        need(2);
        int v = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        position += 2;
        return v;
    }

    long readLong() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptValueException("a varint longer than 10 bytes");
    }

    int readVarInt() {
        long v = readVarLong();
        if ((v >>> 32) != 0) {
            throw new CorruptValueException("a varint out of int range: " + v);
        }
        return (int) v;
    }

    /** A non-negative int, for lengths and counts. */
    int readLength() {
        int n = readVarInt();
        if (n < 0 || n > bytes.length - position) {
            throw new CorruptValueException("a length of " + Integer.toUnsignedString(n) + " with "
                    + (bytes.length - position) + " bytes left");
        }
        return n;
    }

    long readSignedVarLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    byte[] readBytes() {
        int n = readLength();
        byte[] b = Arrays.copyOfRange(bytes, position, position + n);
        position += n;
        return b;
    }

    String readString() {
        int n = readLength();
        String s = new String(bytes, position, n, StandardCharsets.UTF_8);
        position += n;
        return s;
    }

    /** The bytes from here to the end, as a UTF-8 string (the last part of a key). */
    String readRemainingString() {
        String s = new String(bytes, position, bytes.length - position, StandardCharsets.UTF_8);
        position = bytes.length;
        return s;
    }

    Instant readInstant() {
        long seconds = readSignedVarLong();
        int nanos = readVarInt();
        try {
            return Instant.ofEpochSecond(seconds, nanos);
        } catch (RuntimeException e) {
            throw new CorruptValueException("an instant out of range: " + seconds + " s " + nanos + " ns");
        }
    }

    /** Fails unless every byte was read: trailing bytes mean the value is not what the codec thinks. */
    void end() {
        if (position != bytes.length) {
            throw new CorruptValueException((bytes.length - position) + " unexpected trailing bytes");
        }
    }

    private void need(int n) {
        if (bytes.length - position < n) {
            throw new CorruptValueException("a value cut short (" + n + " more bytes expected at offset " + position
                    + " of " + bytes.length + ")");
        }
    }
}
