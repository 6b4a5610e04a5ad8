package dev.roost.codec;

import java.util.BitSet;

/**
 * Where a set of MQTT 5.0 properties appears, with the property identifiers allowed there (2.2.2.2). A packet that
 * carries an identifier not valid for its type is a Malformed Packet; Netty's decoder reads any known identifier in any
 * packet, so the translator checks this table.
 */
enum PropertyContext {
    CONNECT(0x11, 0x15, 0x16, 0x17, 0x19, 0x21, 0x22, 0x26, 0x27),
    WILL(0x01, 0x02, 0x03, 0x08, 0x09, 0x18, 0x26),
    CONNACK(0x11, 0x12, 0x13, 0x15, 0x16, 0x1A, 0x1C, 0x1F, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2A),
    PUBLISH(0x01, 0x02, 0x03, 0x08, 0x09, 0x0B, 0x23, 0x26),
    /** PUBACK, PUBREC, PUBREL and PUBCOMP. */
    PUBLISH_ACK(0x1F, 0x26),
    SUBSCRIBE(0x0B, 0x26),
    SUBACK(0x1F, 0x26),
    UNSUBSCRIBE(0x26),
    UNSUBACK(0x1F, 0x26),
    DISCONNECT(0x11, 0x1C, 0x1F, 0x26),
    AUTH(0x15, 0x16, 0x1F, 0x26);

    private final BitSet allowed = new BitSet(0x2B);

    PropertyContext(int... ids) {
        for (int id : ids) {
            allowed.set(id);
        }
    }

    boolean allows(int propertyId) {
        return propertyId >= 0 && allowed.get(propertyId);
    }
}
