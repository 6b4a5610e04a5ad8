package dev.roost.codec;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;

/**
 * Walks one property section (2.2.2): a Variable Byte Integer length, then properties, each a Variable Byte Integer
 * identifier and a value whose form the identifier decides. It checks what Netty's decoder cannot or does too late:
 * <ul>
 *   <li>the section, and every property in it, fits in what is left of the packet and of the section → 0x81;</li>
 *   <li>every identifier is known (Netty rejects it too; the walk cannot go on without its length) → 0x81;</li>
 *   <li>no property appears twice unless the spec allows it: "It is a Protocol Error to include [it] more than
 *       once" (2.2.2.2 and each property's section) → 0x82. Netty keeps properties in a map, so only this walk can
 *       see it.</li>
 * </ul>
 * Which identifier is valid in which packet is checked later, on the decoded properties ({@link PropertyContext}).
 * Stateless; no allocation.
 */
final class PropertySection {
    /** Only User Property may repeat: every section but a PUBLISH from a server. */
    static final long USER_PROPERTY_REPEATS = 1L << 0x26;
    /** User Property and Subscription Identifier may repeat: a PUBLISH from a server (3.3.2.3.8, 3.3.4). */
    static final long USER_PROPERTY_AND_SUBSCRIPTION_IDENTIFIER_REPEAT = USER_PROPERTY_REPEATS | 1L << 0x0B;

    private static final byte UNKNOWN = 0;
    private static final byte BYTE = 1;
    private static final byte TWO_BYTE_INTEGER = 2;
    private static final byte FOUR_BYTE_INTEGER = 3;
    private static final byte VARIABLE_BYTE_INTEGER = 4;
    private static final byte LENGTH_PREFIXED = 5;
    private static final byte STRING_PAIR = 6;
    /** Value form by property identifier (2.2.2.2, table 2-4). */
    private static final byte[] FORMS = new byte[0x2B];

    static {
        set(BYTE, 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A);
        set(TWO_BYTE_INTEGER, 0x13, 0x21, 0x22, 0x23);
        set(FOUR_BYTE_INTEGER, 0x02, 0x11, 0x18, 0x27);
        set(VARIABLE_BYTE_INTEGER, 0x0B);
        // UTF-8 Encoded Strings and Binary Data
        set(LENGTH_PREFIXED, 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F);
        set(STRING_PAIR, 0x26);
    }

    private PropertySection() {
    }

    private static void set(byte form, int... ids) {
        for (int id : ids) {
            FORMS[id] = form;
        }
    }

    /**
     * Reads past one property section.
     *
     * @param repeatable a bit set by identifier of the properties that may appear more than once
     * @param checkDuplicates {@code false} to check only the structure: a 3.1.1 packet whose bytes Netty's decoder
     *     reads as properties all the same (PUBACK, DISCONNECT and their kin longer than 3.1.1 allows)
     * @throws ProtocolViolation as listed in the class comment
     */
    static void skip(FrameCursor cursor, long repeatable, boolean checkDuplicates) {
        int length = cursor.readVariableByteInteger("Property Length");
        int outerEnd = cursor.enterSection(length, "property section");
        long seen = 0;
        while (cursor.hasRemaining()) {
            int id = cursor.readVariableByteInteger("property identifier");
            byte form = id < FORMS.length ? FORMS[id] : UNKNOWN;
            skipValue(cursor, form, id);
            long bit = 1L << id;
            if (checkDuplicates && (seen & bit) != 0 && (repeatable & bit) == 0) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                        String.format("property 0x%02X appears more than once (2.2.2.2)", id));
            }
            seen |= bit;
        }
        cursor.leaveSection(outerEnd);
    }

    private static void skipValue(FrameCursor cursor, byte form, int id) {
        switch (form) {
            case BYTE -> cursor.skip(1, "property value");
            case TWO_BYTE_INTEGER -> cursor.skip(2, "property value");
            case FOUR_BYTE_INTEGER -> cursor.skip(4, "property value");
            case VARIABLE_BYTE_INTEGER -> cursor.readVariableByteInteger("property value");
            case LENGTH_PREFIXED -> cursor.skipLengthPrefixed("property value");
            case STRING_PAIR -> {
                cursor.skipLengthPrefixed("User Property name");
                cursor.skipLengthPrefixed("User Property value");
            }
            default -> throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "",
                    String.format("unknown property identifier 0x%02X (2.2.2.2)", id));
        }
    }
}
