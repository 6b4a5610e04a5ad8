package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The protocol version Netty's {@code MqttDecoder}/{@code MqttEncoder} use on a channel. Netty keeps it in a channel
 * attribute that its decoder sets when it reads a CONNECT and its encoder sets when it writes one; before that both
 * assume 3.1.1. Reading the very same attribute keeps the translator and Netty from ever disagreeing.
 *
 * <p>The attribute's name is Netty's ({@code MqttCodecUtil.MQTT_VERSION_KEY}, package-private there);
 * {@code ChannelVersionTest} pins it, so an upgrade of Netty that renames it fails the build rather than the wire.
 */
final class ChannelVersion {
    static final AttributeKey<io.netty.handler.codec.mqtt.MqttVersion> NETTY_KEY =
            AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private ChannelVersion() {
    }

    /** @return the version Netty's codec currently uses on this channel; 3.1.1 until a CONNECT passed */
    static MqttVersion of(Channel channel) {
        io.netty.handler.codec.mqtt.MqttVersion netty = channel.attr(NETTY_KEY).get();
        return netty == null ? MqttVersion.V3_1_1 : fromNetty(netty);
    }

    /** Sets the version Netty's codec uses on this channel. */
    static void set(Channel channel, MqttVersion version) {
        channel.attr(NETTY_KEY).set(toNetty(version));
    }

    static MqttVersion fromNetty(io.netty.handler.codec.mqtt.MqttVersion version) {
        return switch (version) {
            case MQTT_3_1 -> MqttVersion.V3_1;
            case MQTT_3_1_1 -> MqttVersion.V3_1_1;
            case MQTT_5 -> MqttVersion.V5;
        };
    }

    static io.netty.handler.codec.mqtt.MqttVersion toNetty(MqttVersion version) {
        return switch (version) {
            case V3_1 -> io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1;
            case V3_1_1 -> io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1;
            case V5 -> io.netty.handler.codec.mqtt.MqttVersion.MQTT_5;
        };
    }
}
