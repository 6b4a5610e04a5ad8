package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * Installs the MQTT codec into a Netty pipeline, the same way for the broker and the client. After
 * {@link #installServer} or {@link #installClient} the tail of the pipeline is, head to tail:
 * <pre>
 * ... (TLS, WebSocket: add them first)
 * "mqtt-frames"      FrameValidator         bytes      → whole packets only, checked first (see PacketTranslator)
 * "mqtt-decoder"     Netty MqttDecoder      bytes      → MqttMessage (failed decoderResult on bad input)
 * "mqtt-encoder"     Netty MqttEncoder      MqttMessage → bytes
 * "mqtt-translator"  {@link PacketTranslator}       MqttMessage → Packet | DecodeFailure; Packet → MqttMessage
 * </pre>
 * Add the protocol handler after {@link #TRANSLATOR} (plain {@code addLast} does that). It then reads only
 * {@link dev.roost.protocol.packet.Packet} and {@link dev.roost.protocol.DecodeFailure} objects, and writes
 * {@code Packet} records.
 *
 * <p>Version: Netty learns it from the CONNECT (the server's decoder when it reads one, the client's encoder when it
 * writes one) and until then speaks 3.1.1; see {@link #negotiatedVersion}. Stateless; the handlers it installs belong
 * to one channel each.
 */
public final class MqttPipeline {
    /** Name of the codec's framer, which checks each whole packet before Netty's decoder reads it. */
    public static final String FRAMES = "mqtt-frames";
    /** Name of Netty's {@code MqttDecoder}. */
    public static final String DECODER = "mqtt-decoder";
    /** Name of Netty's {@code MqttEncoder}. */
    public static final String ENCODER = "mqtt-encoder";
    /** Name of the {@link PacketTranslator}; protocol handlers go after it. */
    public static final String TRANSLATOR = "mqtt-translator";

    /** The largest packet MQTT can carry: 1 type byte, 4 length bytes, 268,435,455 bytes of Remaining Length. */
    public static final int MAX_PACKET_SIZE = 268_435_460;
    /** Client identifier limit the decoder applies (only MQTT 3.1 has one); the broker applies its own policy. */
    static final int MAX_CLIENT_ID_LENGTH = 65_535;

    private MqttPipeline() {
    }

    /**
     * Adds the codec for the broker's end of a connection.
     *
     * @param maxPacketSizeBytes the largest whole packet (fixed header included) accepted from the client; a larger
     *     one arrives as a {@code DecodeFailure} with PACKET_TOO_LARGE. Also what the broker should announce as
     *     Maximum Packet Size in CONNACK.
     */
    public static void installServer(ChannelPipeline pipeline, int maxPacketSizeBytes) {
        install(pipeline, maxPacketSizeBytes, ConnectionSide.SERVER);
    }

    /**
     * Adds the codec for a client's end of a connection.
     *
     * @param maxPacketSizeBytes the largest whole packet accepted from the server; also what the client should
     *     announce as Maximum Packet Size in CONNECT
     */
    public static void installClient(ChannelPipeline pipeline, int maxPacketSizeBytes) {
        install(pipeline, maxPacketSizeBytes, ConnectionSide.CLIENT);
    }

    private static void install(ChannelPipeline pipeline, int maxPacketSizeBytes, ConnectionSide side) {
        if (maxPacketSizeBytes < 2 || maxPacketSizeBytes > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException(
                    "maxPacketSizeBytes must be 2 to " + MAX_PACKET_SIZE + ": " + maxPacketSizeBytes);
        }
        pipeline.addLast(FRAMES, new FrameValidator(side, maxPacketSizeBytes));
        pipeline.addLast(DECODER, new MqttDecoder(maxPacketSizeBytes, MAX_CLIENT_ID_LENGTH, true));
        pipeline.addLast(ENCODER, MqttEncoder.INSTANCE);
        pipeline.addLast(TRANSLATOR, new PacketTranslator(side));
    }

    /**
     * @return the version the codec speaks on this channel: the CONNECT's once one was read (server) or written
     *     (client), 3.1.1 before. After a failed CONNECT it is the version that CONNECT named, if Netty got as far as
     *     reading it, so that a refusing CONNACK is encoded the way the client expects.
     */
    public static MqttVersion negotiatedVersion(Channel channel) {
        return ChannelVersion.of(channel);
    }
}
