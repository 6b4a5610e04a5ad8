package dev.roost.codec;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * Bounds-checked reads over the bytes of one frame, by absolute index: the buffer's reader index never moves and no
 * byte is copied. A read that would pass the current bound (the end of the packet, or of the property section being
 * read) throws a Malformed Packet {@link ProtocolViolation} at once, instead of waiting for bytes that belong to the
 * next packet.
 *
 * <p>Reused for every frame of one channel ({@link #reset}, then {@link #clear} so that it holds no buffer between
 * frames); called on that channel's event loop only. Field names passed in go into the violation's message.
 */
final class FrameCursor {
    private static final String PACKET_END = "the Remaining Length";
    private static final String SECTION_END = "the Property Length";

    private ByteBuf buffer;
    private int position;
    private int end;
    private String bound = PACKET_END;

    /** Starts reading {@code buffer} from index {@code start}; the packet ends before index {@code end}. */
    void reset(ByteBuf buffer, int start, int end) {
        this.buffer = buffer;
        this.position = start;
        this.end = end;
        this.bound = PACKET_END;
    }

    /** Forgets the buffer (it belongs to the caller). */
    void clear() {
        buffer = null;
    }

    /** @return {@code true} while bytes are left before the current bound */
    boolean hasRemaining() {
        return position < end;
    }

    int readByte(String field) {
        require(1, field);
        return buffer.getUnsignedByte(position++);
    }

    int readTwoByteInteger(String field) {
        require(2, field);
        int value = buffer.getUnsignedShort(position);
        position += 2;
        return value;
    }

    /** Reads a Variable Byte Integer (1.5.5); a fifth byte is a Malformed Packet. */
    int readVariableByteInteger(String field) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = readByte(field);
            value |= (digit & 0x7F) << (7 * i);
            if ((digit & 0x80) == 0) {
                return value;
            }
        }
        throw malformed(field + " takes more than 4 bytes (1.5.5)");
    }

    void skip(int length, String field) {
        require(length, field);
        position += length;
    }

    /** Skips a UTF-8 Encoded String or Binary Data: a Two Byte Integer length, then that many bytes (1.5.4, 1.5.6). */
    void skipLengthPrefixed(String field) {
        skip(readTwoByteInteger(field), field);
    }

    /** @return {@code true} when the next {@code expected.length()} bytes are exactly the ASCII {@code expected} */
    boolean nextBytesAre(String expected, int length) {
        if (length != expected.length() || end - position < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buffer.getByte(position + i) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Narrows the bound to the next {@code length} bytes, a property section.
     *
     * @return the bound to hand back to {@link #leaveSection} when the section is read
     */
    int enterSection(int length, String field) {
        require(length, field);
        int outerEnd = end;
        end = position + length;
        bound = SECTION_END;
        return outerEnd;
    }

    /** Restores the bound {@link #enterSection} returned; the section's bytes must all have been read. */
    void leaveSection(int outerEnd) {
        end = outerEnd;
        bound = PACKET_END;
    }

    private void require(int length, String field) {
        if (length > end - position) {
            throw malformed(field + " (" + length + (length == 1 ? " byte" : " bytes") + ") runs past " + bound
                    + ", " + (end - position) + " left");
        }
    }

    private static ProtocolViolation malformed(String message) {
        return new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "", message);
    }
}
