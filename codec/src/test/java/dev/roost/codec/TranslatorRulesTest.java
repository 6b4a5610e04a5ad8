package dev.roost.codec;

import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the pipeline does around single packets: order, direction, limits, and silence after a failure. */
class TranslatorRulesTest {

    @Test
    void installsFramerDecoderEncoderAndTranslatorInThatOrder() {
        EmbeddedChannel channel = TestChannels.server();
        assertThat(channel.pipeline().names()).startsWith(MqttPipeline.FRAMES, MqttPipeline.DECODER,
                MqttPipeline.ENCODER, MqttPipeline.TRANSLATOR);
        assertThat(channel.pipeline().get(MqttPipeline.FRAMES)).isInstanceOf(FrameValidator.class);
        assertThat(channel.pipeline().get(MqttPipeline.TRANSLATOR)).isInstanceOf(PacketTranslator.class);
    }

    @Test
    void refusesAMaximumPacketSizeMqttCannotHave() {
        EmbeddedChannel channel = new EmbeddedChannel();
        assertThatThrownBy(() -> MqttPipeline.installServer(channel.pipeline(), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MqttPipeline.installClient(channel.pipeline(), MqttPipeline.MAX_PACKET_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsAPacketOfExactlyTheMaximumSizeAndRefusesOneByteMore() {
        EmbeddedChannel channel = new EmbeddedChannel();
        MqttPipeline.installServer(channel.pipeline(), 16);
        decode(channel, TestChannels.minimalConnect(MqttVersion.V3_1_1)); // 15 bytes
        // PUBLISH of 16 bytes: header 2, topic 3, payload 11
        byte[] sixteen = bytes(0x30, 0x0E, 0x00, 0x01, 't', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(decode(channel, sixteen)).isInstanceOf(Publish.class);
        byte[] seventeen = bytes(0x30, 0x0F, 0x00, 0x01, 't', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(decode(channel, seventeen)).isInstanceOfSatisfying(DecodeFailure.class,
                f -> assertThat(f.reasonCode()).isEqualTo(ReasonCode.PACKET_TOO_LARGE));
    }

    @Test
    void passesNothingOnAfterAFailureOfItsOwn() {
        EmbeddedChannel channel = TestChannels.connectedServer(MqttVersion.V3_1_1);
        // PUBLISH QoS 0 with DUP: Netty accepts it, the translator does not
        assertThat(decode(channel, bytes(0x38, 0x04, 0x00, 0x01, 't', 'p'))).isInstanceOf(DecodeFailure.class);
        ByteBuf next = Unpooled.wrappedBuffer(bytes(0xC0, 0x00, 0x30, 0x04, 0x00, 0x01, 't', 'p'));
        channel.writeInbound(next);
        assertThat(TestChannels.nextInbound(channel)).isNull();
        assertThat(next.refCnt()).isZero();
    }

    @Test
    void nettyDiscardsEverythingAfterAFailureOfItsOwn() {
        EmbeddedChannel channel = TestChannels.connectedServer(MqttVersion.V3_1_1);
        // PUBREL with bad flags, then a good PINGREQ in the same read
        ByteBuf in = Unpooled.wrappedBuffer(bytes(0x60, 0x02, 0x00, 0x01, 0xC0, 0x00));
        channel.writeInbound(in);
        assertThat(TestChannels.nextInbound(channel)).isInstanceOf(DecodeFailure.class);
        assertThat(TestChannels.nextInbound(channel)).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(0xC0, 0x00)));
        assertThat(TestChannels.nextInbound(channel)).isNull();
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void decodesSeveralPacketsFromOneReadAndOnePacketFromManyReads() {
        EmbeddedChannel channel = TestChannels.connectedServer(MqttVersion.V3_1_1);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes(0xC0, 0x00, 0xC0, 0x00)));
        assertThat(TestChannels.nextInbound(channel)).isEqualTo(PingReq.INSTANCE);
        assertThat(TestChannels.nextInbound(channel)).isEqualTo(PingReq.INSTANCE);
        byte[] publish = bytes(0x30, 0x05, 0x00, 0x01, 't', 'h', 'i');
        for (byte b : publish) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(TestChannels.nextInbound(channel)).isInstanceOf(Publish.class);
    }

    @Test
    void letsOtherMessagesPassInBothDirections() {
        EmbeddedChannel channel = TestChannels.server();
        channel.pipeline().fireChannelRead("not mqtt");
        assertThat(TestChannels.nextInbound(channel)).isEqualTo("not mqtt");
        ByteBuf raw = Unpooled.wrappedBuffer(bytes(0xD0, 0x00));
        channel.writeOutbound(raw);
        ByteBuf out = channel.readOutbound();
        assertThat(out).isSameAs(raw);
        out.release();
    }

    static Stream<Arguments> badServerPackets() {
        return Stream.of(
                Arguments.of("CONNECT sent to a client", MqttVersion.V3_1_1,
                        TestChannels.minimalConnect(MqttVersion.V3_1_1), ReasonCode.PROTOCOL_ERROR),
                Arguments.of("PINGREQ sent to a client", MqttVersion.V5, bytes(0xC0, 0x00), ReasonCode.PROTOCOL_ERROR),
                Arguments.of("CONNACK 3.1.1 with return code 6", MqttVersion.V3_1_1, bytes(0x20, 0x02, 0x00, 0x06),
                        ReasonCode.MALFORMED_PACKET),
                Arguments.of("CONNACK 5.0 with reason code 0x8E (not a CONNACK code)", MqttVersion.V5,
                        bytes(0x20, 0x03, 0x00, 0x8E, 0x00), ReasonCode.MALFORMED_PACKET),
                Arguments.of("[MQTT-3.2.2-6] CONNACK with Session Present and a refusal", MqttVersion.V5,
                        bytes(0x20, 0x03, 0x01, 0x87, 0x00), ReasonCode.PROTOCOL_ERROR),
                Arguments.of("CONNACK with Maximum QoS 2", MqttVersion.V5,
                        bytes(0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02), ReasonCode.PROTOCOL_ERROR),
                Arguments.of("CONNACK with Request Problem Information (a CONNECT property)", MqttVersion.V5,
                        bytes(0x20, 0x05, 0x00, 0x00, 0x02, 0x17, 0x01), ReasonCode.MALFORMED_PACKET),
                Arguments.of("[MQTT-3.9.3-2] SUBACK 3.1.1 with return code 3", MqttVersion.V3_1_1,
                        bytes(0x90, 0x03, 0x00, 0x01, 0x03), ReasonCode.MALFORMED_PACKET),
                Arguments.of("SUBACK 5.0 with undefined reason code 0x03", MqttVersion.V5,
                        bytes(0x90, 0x04, 0x00, 0x01, 0x00, 0x03), ReasonCode.MALFORMED_PACKET),
                Arguments.of("UNSUBACK 5.0 with undefined reason code 0x12", MqttVersion.V5,
                        bytes(0xB0, 0x04, 0x00, 0x01, 0x00, 0x12), ReasonCode.MALFORMED_PACKET),
                Arguments.of("UNSUBACK 3.1.1 with a reason code", MqttVersion.V3_1_1,
                        bytes(0xB0, 0x03, 0x00, 0x01, 0x00), ReasonCode.MALFORMED_PACKET),
                Arguments.of("DISCONNECT 3.1.1 with a reason code", MqttVersion.V3_1_1, bytes(0xE0, 0x01, 0x8B),
                        ReasonCode.MALFORMED_PACKET),
                Arguments.of("PUBLISH with Subscription Identifier 0", MqttVersion.V5,
                        bytes(0x30, 0x06, 0x00, 0x01, 't', 0x02, 0x0B, 0x00), ReasonCode.PROTOCOL_ERROR),
                Arguments.of("AUTH with data but no method", MqttVersion.V5,
                        bytes(0xF0, 0x06, 0x18, 0x04, 0x16, 0x00, 0x01, 0x01), ReasonCode.PROTOCOL_ERROR),
                Arguments.of("[MQTT-5.0 §2.2.2.2] CONNACK with Session Expiry Interval twice", MqttVersion.V5, bytes(
                        0x20, 0x0D, 0x00, 0x00,
                        // properties, length 10: session expiry interval 1, session expiry interval 2
                        0x0A, 0x11, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x00, 0x02),
                        ReasonCode.PROTOCOL_ERROR),
                Arguments.of("[MQTT-5.0 §2.2.2.2] PUBLISH to a client with Content Type twice", MqttVersion.V5, bytes(
                        0x30, 0x0C, 0x00, 0x01, 't',
                        // properties, length 8: content type "a", content type "b"
                        0x08, 0x03, 0x00, 0x01, 'a', 0x03, 0x00, 0x01, 'b'),
                        ReasonCode.PROTOCOL_ERROR),
                Arguments.of("SUBACK 5.0 whose property section runs past the packet", MqttVersion.V5,
                        // remaining length 4: packet id, property length 5 with 1 byte left
                        bytes(0x90, 0x04, 0x00, 0x01, 0x05, 0x00), ReasonCode.MALFORMED_PACKET),
                Arguments.of("CONNACK 3.1.1 with Remaining Length 1", MqttVersion.V3_1_1, bytes(0x20, 0x01, 0x00),
                        ReasonCode.MALFORMED_PACKET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServerPackets")
    void clientTurnsBadServerPacketsIntoDecodeFailures(String name, MqttVersion version, byte[] bytes,
                                                        ReasonCode expected) {
        Object out = decode(TestChannels.connectedClient(version), bytes);
        assertThat(out).isInstanceOfSatisfying(DecodeFailure.class, f -> {
            assertThat(f.reasonCode()).as(f.detail()).isEqualTo(expected);
            assertThat(f.beforeConnect()).isFalse();
        });
    }

    @Test
    @DisplayName("[MQTT-3.1.0-1] a client's first packet must be CONNECT, and a failure then is before CONNECT")
    void failureBeforeConnectIsMarkedSo() {
        Object out = decode(TestChannels.server(), bytes(0xC0, 0x00));
        assertThat(out).isInstanceOfSatisfying(DecodeFailure.class, f -> {
            assertThat(f.packetType()).isEqualTo(PacketType.PINGREQ);
            assertThat(f.beforeConnect()).isTrue();
        });
    }
}
