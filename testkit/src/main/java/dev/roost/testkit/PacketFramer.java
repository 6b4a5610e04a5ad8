package dev.roost.testkit;

import java.util.Arrays;

/**
 * Cuts one MQTT packet off the front of a byte buffer (2.1): the fixed header byte, a Remaining Length of one to four
 * bytes (1.5.5), then that many body bytes. Stateless.
 */
final class PacketFramer {
    /** A packet cut from a buffer and the number of buffer bytes it used. */
    record Framed(RawPacket packet, int length) {
    }

    private PacketFramer() {
    }

    /**
     * @return the first packet in {@code buffer[offset, offset + length)}, or {@code null} if the bytes there do not
     *     yet hold a whole packet
     * @throws AssertionError if the Remaining Length is longer than four bytes
     */
    static Framed tryFrame(byte[] buffer, int offset, int length) {
        if (length < 2) {
            return null;
        }
        int remainingLength = 0;
        int index = offset + 1;
        for (int i = 0; ; i++) {
            if (i == 4) {
                throw new AssertionError("malformed packet: Remaining Length longer than four bytes: "
                        + Hex.of(buffer, offset, Math.min(length, 5)));
            }
            if (index >= offset + length) {
                return null;
            }
            int b = buffer[index++] & 0xFF;
            remainingLength |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
        }
        int headerLength = index - offset;
        if (length - headerLength < remainingLength) {
            return null;
        }
        int first = buffer[offset] & 0xFF;
        byte[] body = Arrays.copyOfRange(buffer, index, index + remainingLength);
        return new Framed(new RawPacket(first >>> 4, first & 0x0F, body), headerLength + remainingLength);
    }
}
