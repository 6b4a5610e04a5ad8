package dev.roost.codec;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PacketType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The MQTT 5.0 reason codes each packet type may carry (3.2.2.2, 3.4.2.1, 3.5.2.1, 3.6.2.1, 3.7.2.1, 3.9.3, 3.11.3,
 * 3.14.2.1, 3.15.2.1). Netty's decoder accepts any byte where a PUBACK, PUBREC, PUBREL, PUBCOMP, DISCONNECT or AUTH
 * reason code stands; a value outside the packet's table is treated as a Malformed Packet, as for any field with a
 * value its type does not define.
 */
final class AllowedReasonCodes {
    private static final Map<PacketType, Set<ReasonCode>> BY_TYPE = new EnumMap<>(PacketType.class);

    static {
        BY_TYPE.put(PacketType.CONNACK, codes(0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A,
                0x8C, 0x90, 0x95, 0x97, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9F));
        Set<ReasonCode> publishAcks = codes(0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99);
        BY_TYPE.put(PacketType.PUBACK, publishAcks);
        BY_TYPE.put(PacketType.PUBREC, publishAcks);
        Set<ReasonCode> releaseAcks = codes(0x00, 0x92);
        BY_TYPE.put(PacketType.PUBREL, releaseAcks);
        BY_TYPE.put(PacketType.PUBCOMP, releaseAcks);
        BY_TYPE.put(PacketType.SUBACK, codes(0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8F, 0x91, 0x97, 0x9E, 0xA1, 0xA2));
        BY_TYPE.put(PacketType.UNSUBACK, codes(0x00, 0x11, 0x80, 0x83, 0x87, 0x8F, 0x91));
        BY_TYPE.put(PacketType.DISCONNECT, codes(0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8B, 0x8D, 0x8E,
                0x8F, 0x90, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F, 0xA0, 0xA1,
                0xA2));
        BY_TYPE.put(PacketType.AUTH, codes(0x00, 0x18, 0x19));
    }

    private AllowedReasonCodes() {
    }

    /**
     * @param code the unsigned byte read from the wire
     * @return the reason code, when {@code type} may carry it
     * @throws ProtocolViolation MALFORMED_PACKET when it may not
     */
    static ReasonCode require(PacketType type, int code) {
        ReasonCode reasonCode = ReasonCode.of(code);
        if (reasonCode == null || !BY_TYPE.get(type).contains(reasonCode)) {
            throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "",
                    String.format("reason code 0x%02X is not defined for %s", code, type));
        }
        return reasonCode;
    }

    /** @return whether {@code type} may carry this reason code */
    static boolean allows(PacketType type, ReasonCode reasonCode) {
        return BY_TYPE.get(type).contains(reasonCode);
    }

    private static Set<ReasonCode> codes(int... values) {
        Set<ReasonCode> set = EnumSet.noneOf(ReasonCode.class);
        for (int v : values) {
            set.add(ReasonCode.of(v));
        }
        return set;
    }
}
