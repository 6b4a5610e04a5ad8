package dev.roost.testkit;

import static dev.roost.testkit.PacketBytes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.protocol.packet.PacketType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The oracle's strictness: what a misbehaving peer sends fails with a message that says what is wrong. */
class RawPacketTest {

    @Test
    void namesTheExpectedAndActualTypeOnMismatch() {
        RawPacket pingresp = RawPacket.parse(PacketBytes.pingresp());
        assertThatThrownBy(() -> pingresp.expectType(PacketType.CONNACK))
                .isInstanceOf(AssertionError.class).hasMessageContaining("expected CONNACK but received PINGRESP");
        assertThatThrownBy(pingresp::connAckCode).isInstanceOf(AssertionError.class);
        assertThatThrownBy(pingresp::reasonCode).hasMessageContaining("PINGRESP");
    }

    @Test
    @DisplayName("[MQTT-1.5.5] a Remaining Length of five bytes is malformed")
    void rejectsAFiveByteRemainingLength() {
        assertThatThrownBy(() -> RawPacket.parse(raw(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("longer than four bytes");
    }

    @Test
    void rejectsBytesThatEndInsideAPacket() {
        assertThatThrownBy(() -> RawPacket.parse(raw(0x40, 0x02, 0x00)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("end inside a packet");
    }

    @Test
    void splitsSeveralPackets() {
        assertThat(RawPacket.parseAll(PacketBytes.concat(PacketBytes.pingresp(), PacketBytes.puback(1).build())))
                .extracting(RawPacket::packetType).containsExactly(PacketType.PINGRESP, PacketType.PUBACK);
    }

    @Test
    @DisplayName("[MQTT-1.5.4-1] an ill-formed UTF-8 topic is reported")
    void rejectsIllFormedUtf8() {
        RawPacket packet = RawPacket.parse(PacketBytes.publish().topicBytes(raw(0xC0, 0xAF)).build());
        assertThatThrownBy(packet::publishTopic).isInstanceOf(AssertionError.class)
                .hasMessageContaining("ill-formed UTF-8");
    }

    @Test
    void rejectsUnknownPropertiesAndOverlongPropertyLengths() {
        RawPacket unknown = RawPacket.parse(PacketBytes.puback(1).rawProperty(0x7F, 0).build());
        assertThatThrownBy(unknown::properties).hasMessageContaining("unknown MQTT 5 property id 0x7F");
        RawPacket overlong = RawPacket.parse(PacketBytes.puback(1).rawProperties(raw(0x09, 0x21)).build());
        assertThatThrownBy(overlong::properties).hasMessageContaining("property length 9 exceeds");
    }

    @Test
    void rejectsTrailingBytesAfterAnAcksProperties() {
        RawPacket packet = RawPacket.parse(PacketBytes.packet(0x40, raw(0x00, 0x01, 0x00, 0x00, 0xEE)));
        assertThatThrownBy(packet::properties).hasMessageContaining("trailing");
    }

    @Test
    void refusesAPacketIdOnAQos0Publish() {
        RawPacket packet = RawPacket.parse(PacketBytes.publish().topic("t").build());
        assertThatThrownBy(packet::publishPacketId).hasMessageContaining("QoS 0");
    }

    @Test
    void comparesByContentAndRendersHex() {
        RawPacket a = RawPacket.parse(PacketBytes.puback(1).build());
        RawPacket b = new RawPacket(4, 0, raw(0x00, 0x01));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("PUBACK(flags=0x0, 2 bytes [00 01])");
        assertThat(new RawPacket(0, 0, new byte[0]).toString()).startsWith("RESERVED(0)");
    }

    @Test
    void keepsItsBodyImmutable() {
        byte[] body = raw(0x00, 0x01);
        RawPacket packet = new RawPacket(4, 0, body);
        body[1] = 9;
        packet.body()[1] = 9;
        assertThat(packet.packetId()).isEqualTo(1);
    }
}
