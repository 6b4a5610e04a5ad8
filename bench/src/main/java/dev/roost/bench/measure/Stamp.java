package dev.roost.bench.measure;

/**
 * What the load generator writes at the start of every payload so that a receiver can tell which stream a message
 * belongs to, where it stands in that stream, and when it was sent:
 * <pre>
 * bytes 0-3    magic 0x52424E31 ("RBN1"): the message is ours
 * bytes 4-7    stream id (a publisher, or a publisher's topic)
 * bytes 8-15   sequence in the stream, from 0
 * bytes 16-23  NanoClock reading at send time
 * bytes 24-    zeros up to the payload size
 * </pre>
 * Big-endian. Send and receive times come from the same clock in the same process, so their difference is the
 * latency. Stateless.
 */
public final class Stamp {
    /** The smallest payload that holds a stamp. */
    public static final int SIZE = 24;
    private static final int MAGIC = 0x52424E31;

    private Stamp() {
    }

    /** @return a new payload of {@code max(size, SIZE)} bytes carrying the stamp */
    public static byte[] payload(int size, int stream, long sequence, long sentNanos) {
        byte[] b = new byte[Math.max(size, SIZE)];
        putInt(b, 0, MAGIC);
        putInt(b, 4, stream);
        putLong(b, 8, sequence);
        putLong(b, 16, sentNanos);
        return b;
    }

    /** @return whether the payload carries a stamp */
    public static boolean isStamped(byte[] payload) {
        return payload.length >= SIZE && getInt(payload, 0) == MAGIC;
    }

    public static int stream(byte[] payload) {
        return getInt(payload, 4);
    }

    public static long sequence(byte[] payload) {
        return getLong(payload, 8);
    }

    public static long sentNanos(byte[] payload) {
        return getLong(payload, 16);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static int getInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    private static long getLong(byte[] b, int at) {
        return (long) getInt(b, at) << 32 | (getInt(b, at + 4) & 0xFFFFFFFFL);
    }
}
