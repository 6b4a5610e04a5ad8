package dev.roost.codec;

import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.TestChannels.encode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

/** Netty learns the version from the CONNECT on both ends, and the translator reads the very same value. */
class VersionNegotiationTest {

    @Test
    void theAttributeTheTranslatorReadsIsTheOneNettysDecoderSets() {
        EmbeddedChannel nettyOnly = new EmbeddedChannel(new MqttDecoder());
        nettyOnly.writeInbound(Unpooled.wrappedBuffer(TestChannels.minimalConnect(MqttVersion.V5)));
        ReferenceCountUtil.release(nettyOnly.<MqttMessage>readInbound());
        assertThat(ChannelVersion.of(nettyOnly)).isEqualTo(MqttVersion.V5);
    }

    @Test
    void theAttributeTheTranslatorReadsIsTheOneNettysEncoderSets() {
        EmbeddedChannel nettyOnly = new EmbeddedChannel(MqttEncoder.INSTANCE);
        // a CONNECT encoded by Netty alone, translated by hand
        MqttMessage connect = new OutboundTranslator().translate(new Connect(MqttVersion.V5, "c", true, 0, null,
                null, null, ConnectProperties.DEFAULTS), MqttVersion.V5);
        nettyOnly.writeOutbound(connect);
        ReferenceCountUtil.release(nettyOnly.readOutbound());
        assertThat(ChannelVersion.of(nettyOnly)).isEqualTo(MqttVersion.V5);
    }

    @Test
    void serverSpeaks311UntilItReadsAConnect() {
        EmbeddedChannel server = TestChannels.server();
        assertThat(MqttPipeline.negotiatedVersion(server)).isEqualTo(MqttVersion.V3_1_1);
        decode(server, TestChannels.minimalConnect(MqttVersion.V5));
        assertThat(MqttPipeline.negotiatedVersion(server)).isEqualTo(MqttVersion.V5);
        // A 5.0 CONNACK: reason code and a property length
        assertThat(encode(server, new ConnAck(false, ReasonCode.SUCCESS, ConnAckProperties.NONE)))
                .containsExactly(bytes(0x20, 0x03, 0x00, 0x00, 0x00));
    }

    @Test
    void serverLearns31FromItsProtocolName() {
        EmbeddedChannel server = TestChannels.server();
        decode(server, TestChannels.minimalConnect(MqttVersion.V3_1));
        assertThat(MqttPipeline.negotiatedVersion(server)).isEqualTo(MqttVersion.V3_1);
    }

    @Test
    void clientLearnsTheVersionFromTheConnectItWrites() {
        EmbeddedChannel client = TestChannels.client();
        assertThat(MqttPipeline.negotiatedVersion(client)).isEqualTo(MqttVersion.V3_1_1);
        encode(client, new Connect(MqttVersion.V5, "c", true, 0, null, null, null, ConnectProperties.DEFAULTS));
        assertThat(MqttPipeline.negotiatedVersion(client)).isEqualTo(MqttVersion.V5);
        // so it reads a 5.0 CONNACK with its property length
        assertThat(decode(client, bytes(0x20, 0x03, 0x00, 0x00, 0x00))).isInstanceOf(ConnAck.class);
    }

    @Test
    void aRefusedConnectOf5IsAnsweredInTheFormatOf5() {
        EmbeddedChannel server = TestChannels.server();
        Object failure = decode(server, bytes(
                // CONNECT 5.0 with properties: receive maximum 0
                0x10, 0x11, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                0x03, 0x21, 0x00, 0x00,
                0x00, 0x01, 'c'));
        assertThat(((DecodeFailure) failure).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(encode(server, ConnAck.refused(ReasonCode.PROTOCOL_ERROR)))
                .containsExactly(bytes(0x20, 0x03, 0x00, 0x82, 0x00));
    }

    @Test
    void anUnknownProtocolLevelIsAnsweredInTheFormatOf311() {
        EmbeddedChannel server = TestChannels.server();
        Object failure = decode(server, bytes(
                0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x07, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c'));
        assertThat(((DecodeFailure) failure).reasonCode()).isEqualTo(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION);
        // [MQTT-3.1.2-2] CONNACK return code 0x01, then close
        assertThat(encode(server, ConnAck.refused(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION)))
                .containsExactly(bytes(0x20, 0x02, 0x00, 0x01));
    }

    @Test
    void aSecondConnectDoesNotChangeTheVersionOfTheConnection() {
        EmbeddedChannel server = TestChannels.connectedServer(MqttVersion.V5);
        Object failure = decode(server, TestChannels.minimalConnect(MqttVersion.V3_1_1));
        assertThat(((DecodeFailure) failure).reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(MqttPipeline.negotiatedVersion(server)).isEqualTo(MqttVersion.V5);
    }
}
