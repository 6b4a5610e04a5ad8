package dev.roost.client;

import dev.roost.codec.MqttPipeline;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;

/**
 * What the server allows on one connection, from its CONNACK (MQTT 5.0 properties; the protocol's defaults for
 * 3.1.1). Immutable.
 *
 * @param receiveMaximum how many outbound QoS 1/2 publishes may be unacknowledged at once [MQTT-3.3.4-7]
 * @param maximumPacketSize the largest packet the server accepts [MQTT-3.1.2-24]
 * @param maximumQos the highest QoS the server accepts [MQTT-3.2.2-11]
 * @param retainAvailable whether the server accepts retained messages [MQTT-3.2.2-14]
 * @param keepAliveSeconds the keep alive in force: the server's Server Keep Alive, else the client's
 */
record ConnectionLimits(int receiveMaximum, long maximumPacketSize, Qos maximumQos, boolean retainAvailable,
                        int keepAliveSeconds) {

    static ConnectionLimits of(ConnAck connAck, MqttVersion version, int requestedKeepAliveSeconds) {
        if (!version.isV5()) {
            return new ConnectionLimits(65535, MqttPipeline.MAX_PACKET_SIZE, Qos.EXACTLY_ONCE, true,
                    requestedKeepAliveSeconds);
        }
        ConnAckProperties p = connAck.properties();
        return new ConnectionLimits(
                p.receiveMaximum() != null ? p.receiveMaximum() : 65535,
                p.maximumPacketSize() != null ? p.maximumPacketSize() : MqttPipeline.MAX_PACKET_SIZE,
                p.maximumQos() != null ? Qos.of(p.maximumQos()) : Qos.EXACTLY_ONCE,
                p.retainAvailable() == null || p.retainAvailable(),
                p.serverKeepAliveSeconds() != null ? p.serverKeepAliveSeconds() : requestedKeepAliveSeconds);
    }
}
