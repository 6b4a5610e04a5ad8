package dev.roost.codec;

import java.util.HexFormat;

/** Byte arrays written the way the spec draws packets: one {@code int} per byte, chars for ASCII text. */
final class Wire {
    private Wire() {
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("not a byte: " + values[i] + " at " + i);
            }
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
