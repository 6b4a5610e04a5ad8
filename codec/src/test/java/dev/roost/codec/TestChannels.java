package dev.roost.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * {@link EmbeddedChannel}s with the codec installed, and the two moves every codec test makes: bytes in, one object
 * out; packet in, bytes out. Bytes fed in must be fully consumed and their buffer released.
 */
final class TestChannels {
    static final int MAX_PACKET_SIZE = 1 << 20;

    private TestChannels() {
    }

    static EmbeddedChannel server() {
        EmbeddedChannel channel = new EmbeddedChannel();
        MqttPipeline.installServer(channel.pipeline(), MAX_PACKET_SIZE);
        return channel;
    }

    static EmbeddedChannel client() {
        EmbeddedChannel channel = new EmbeddedChannel();
        MqttPipeline.installClient(channel.pipeline(), MAX_PACKET_SIZE);
        return channel;
    }

    /** A server channel that has accepted a minimal CONNECT of this version. */
    static EmbeddedChannel connectedServer(MqttVersion version) {
        EmbeddedChannel channel = server();
        assertThat(decode(channel, minimalConnect(version))).isInstanceOf(Connect.class);
        return channel;
    }

    /** A client channel that has written a minimal CONNECT of this version. */
    static EmbeddedChannel connectedClient(MqttVersion version) {
        EmbeddedChannel channel = client();
        encode(channel, new Connect(version, "c", true, 60, null, null, null, ConnectProperties.DEFAULTS));
        return channel;
    }

    static byte[] minimalConnect(MqttVersion version) {
        return switch (version) {
            case V3_1 -> Wire.bytes(0x10, 0x0F, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03, 0x02, 0x00, 0x3C,
                    0x00, 0x01, 'c');
            case V3_1_1 -> Wire.bytes(0x10, 0x0D, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C,
                    0x00, 0x01, 'c');
            case V5 -> Wire.bytes(0x10, 0x0E, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C, 0x00,
                    0x00, 0x01, 'c');
        };
    }

    /**
     * Feeds {@code bytes} inbound and returns the one object that came out (a Packet or a DecodeFailure), after
     * checking the input buffer was consumed and released and nothing else came out.
     */
    static Object decode(EmbeddedChannel channel, byte[] bytes) {
        // the default allocator's buffers are tracked by the leak detector (Unpooled heap buffers are not)
        ByteBuf in = ByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
        channel.writeInbound(in);
        assertThat(in.refCnt()).as("input buffer released").isZero();
        Object out = channel.readInbound();
        assertThat(out).as("decoded object").isNotNull();
        assertThat(nextInbound(channel)).as("a second decoded object").isNull();
        return out;
    }

    /** @return the next object passed inbound past the pipeline's end, {@code null} when there is none */
    static Object nextInbound(EmbeddedChannel channel) {
        return channel.readInbound();
    }

    /** @return the next object written out of the pipeline's head, {@code null} when there is none */
    static Object nextOutbound(EmbeddedChannel channel) {
        return channel.readOutbound();
    }

    /** Writes {@code packet} and returns the bytes it became. */
    static byte[] encode(EmbeddedChannel channel, Packet packet) {
        assertThat(channel.writeOutbound(packet)).isTrue();
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
