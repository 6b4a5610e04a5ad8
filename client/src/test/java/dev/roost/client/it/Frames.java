package dev.roost.client.it;

import dev.roost.testkit.RawPacket;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads whole MQTT packets off a blocking stream (fixed header, Remaining Length, body) for test peers. */
final class Frames {
    private Frames() {
    }

    /** @return the next packet, or {@code null} at a clean end of stream */
    static RawPacket read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = 0;
        for (int i = 0; ; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("stream ends inside a fixed header");
            }
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                break;
            }
            if (i == 3) {
                throw new IOException("Remaining Length longer than four bytes");
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("stream ends inside a packet");
        }
        return new RawPacket(first >>> 4, first & 0x0F, body);
    }
}
