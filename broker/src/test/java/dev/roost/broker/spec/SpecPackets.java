package dev.roost.broker.spec;

import dev.roost.protocol.MqttVersion;
import dev.roost.testkit.ConnectBuilder;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PublishBuilder;
import dev.roost.testkit.SubscribeBuilder;
import dev.roost.testkit.UnsubscribeBuilder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the spec tests send: packet builders of the right protocol version, and names unique in this JVM for client ids
 * and topics. Builds bytes only; talking to a broker is {@link SpecBroker}'s and {@link Exchanges}' job.
 *
 * <p>Thread-safe. Every method returns a new builder or array, never {@code null}, so a test may change it freely.
 */
final class SpecPackets {
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private SpecPackets() {
    }

    /** @return {@code prefix} made unique in this JVM, for client ids and topic levels */
    static String unique(String prefix) {
        return prefix + "-" + UNIQUE.incrementAndGet();
    }

    /** A CONNECT of {@code version} (3.1: "MQIsdp" level 3) with Clean Start and keep-alive 60 s. */
    static ConnectBuilder connectPacket(MqttVersion version) {
        return switch (version) {
            case V3_1 -> PacketBytes.connect().v31();
            case V3_1_1 -> PacketBytes.connect().v311();
            case V5 -> PacketBytes.connect().v5();
        };
    }

    /**
     * A CONNECT that resumes or creates a session that outlives the connection: Clean Start 0, and for 5.0 a Session
     * Expiry Interval of 300 s (3.1.1 sessions with Clean Session 0 never expire by default).
     */
    static ConnectBuilder persistentConnect(MqttVersion version, String clientId) {
        ConnectBuilder connect = connectPacket(version).clientId(clientId).cleanStart(false);
        return version.isV5() ? connect.sessionExpiry(300) : connect;
    }

    /** A QoS 0 PUBLISH of {@code version} without topic or payload yet. */
    static PublishBuilder publishPacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.publish().v5() : PacketBytes.publish();
    }

    /** A QoS 0 PUBLISH of {@code payload} to {@code topic}, to be given a QoS, packet id or properties. */
    static PublishBuilder publishPacket(MqttVersion version, String topic, String payload) {
        return publishPacket(version).topic(topic).payload(payload);
    }

    /** The bytes of a QoS 0 PUBLISH of {@code payload} to {@code topic}. */
    static byte[] qos0(MqttVersion version, String topic, String payload) {
        return publishPacket(version, topic, payload).build();
    }

    static SubscribeBuilder subscribePacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.subscribe().v5() : PacketBytes.subscribe();
    }

    static UnsubscribeBuilder unsubscribePacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.unsubscribe().v5() : PacketBytes.unsubscribe();
    }
}
