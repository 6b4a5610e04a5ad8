package dev.roost.store.rocksdb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key layout. Every session-scoped key starts with the session's prefix {@code [u16 length][client id UTF-8]}, so a
 * prefix scan finds exactly one session's items (the length keeps "ab" apart from "abc"). Log keys end with the
 * sequence as an unsigned big-endian u64, so a session's log comes back from a scan ordered by sequence. Stateless.
 *
 * <pre>
 * sessions       [u16 len][clientId]
 * subscriptions  [u16 len][clientId][filter UTF-8]
 * outbound_log   [u16 len][clientId][u64 sequence]
 * inbound_qos2   [u16 len][clientId][u16 packetId]
 * retained       [u16 len][topic]
 * messages       [u64 messageId]
 * </pre>
 */
final class Keys {
    private static final int MAX_LENGTH = 0xFFFF;

    private Keys() {
    }

    /** {@code [u16 len][utf8]}: a session's key and the prefix of all its items; also a retained topic's key. */
    static byte[] prefix(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than 65,535 UTF-8 bytes: " + utf8.length);
        }
        byte[] key = new byte[2 + utf8.length];
        key[0] = (byte) (utf8.length >>> 8);
        key[1] = (byte) utf8.length;
        System.arraycopy(utf8, 0, key, 2, utf8.length);
        return key;
    }

    static byte[] session(String clientId) {
        return prefix(clientId);
    }

    static byte[] subscription(String clientId, String filter) {
        return concat(prefix(clientId), filter.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] logEntry(String clientId, long sequence) {
        return ValueWriter.key(64).writeRaw(prefix(clientId)).writeLong(sequence).toByteArray();
    }

    static byte[] inboundQos2(String clientId, int packetId) {
        return ValueWriter.key(64).writeRaw(prefix(clientId)).writeShort(packetId).toByteArray();
    }

    static byte[] retained(String topic) {
        return prefix(topic);
    }

    static byte[] message(long messageId) {
        return ValueWriter.key(8).writeLong(messageId).toByteArray();
    }

    /** The text of a {@link #prefix}-encoded key (client id or topic). */
    static String text(byte[] key) {
        int length = prefixLength(key) - 2;
        return new String(key, 2, length, StandardCharsets.UTF_8);
    }

    /** How many bytes of {@code key} its {@code [u16 len][utf8]} prefix takes. */
    static int prefixLength(byte[] key) {
        if (key.length < 2) {
            throw new CorruptValueException("a key of " + key.length + " bytes has no length prefix");
        }
        int length = 2 + (((key[0] & 0xFF) << 8) | (key[1] & 0xFF));
        if (length > key.length) {
            throw new CorruptValueException("a key's length prefix says " + (length - 2) + " bytes, it has "
                    + (key.length - 2));
        }
        return length;
    }

    /** The sequence at the end of a log key. */
    static long sequence(byte[] logKey) {
        return ValueReader.key(logKey, exactTail(logKey, 8)).readLong();
    }

    static int packetId(byte[] inboundKey) {
        return ValueReader.key(inboundKey, exactTail(inboundKey, 2)).readShort();
    }

    static String filter(byte[] subscriptionKey) {
        return ValueReader.key(subscriptionKey, prefixLength(subscriptionKey)).readRemainingString();
    }

    static long messageId(byte[] messageKey) {
        if (messageKey.length != 8) {
            throw new CorruptValueException("a message key of " + messageKey.length + " bytes");
        }
        return ValueReader.key(messageKey, 0).readLong();
    }

    /** The smallest key greater than every key starting with {@code prefix}: the exclusive end of a prefix scan. */
    static byte[] upperBound(byte[] prefix) {
        byte[] end = Arrays.copyOf(prefix, prefix.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xFF) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /** Where the last {@code size} bytes of a session item's key start; fails if the prefix leaves another size. */
    private static int exactTail(byte[] key, int size) {
        int offset = prefixLength(key);
        if (key.length - offset != size) {
            throw new CorruptValueException("a key with " + (key.length - offset) + " bytes after its client id, "
                    + size + " expected");
        }
        return offset;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
