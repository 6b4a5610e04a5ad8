package dev.roost.testkit;

/** Renders bytes as spaced hex for assertion messages, cut after 64 bytes. Stateless. */
final class Hex {
    private static final int LIMIT = 64;

    private Hex() {
    }

    static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    static String of(byte[] bytes, int offset, int length) {
        StringBuilder sb = new StringBuilder("[");
        int shown = Math.min(length, LIMIT);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", bytes[offset + i] & 0xFF));
        }
        if (length > shown) {
            sb.append(" … ").append(length - shown).append(" more");
        }
        return sb.append(']').toString();
    }
}
