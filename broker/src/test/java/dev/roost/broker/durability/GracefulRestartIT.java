package dev.roost.broker.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker on its RocksDB store is stopped and started again on the same data directory with every kind of session
 * state present: subscriptions, a QoS 1 message in flight, queued messages, an outbound QoS 2 exchange past PUBREC, an
 * inbound QoS 2 exchange waiting for PUBREL, a retained message and a will with a pending delay.
 */
class GracefulRestartIT {
    @TempDir
    Path data;

    private RoostBroker start(int port) {
        return RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(port).dataDirectory(data)
                .build());
    }

    private static RawMqttClient connect(int port, String clientId, boolean cleanStart) {
        RawMqttClient c = RawMqttClient.connect("127.0.0.1", port);
        c.send(PacketBytes.connect().v5().clientId(clientId).cleanStart(cleanStart).sessionExpiry(3600)
                .keepAlive(0).build());
        RawPacket ack = c.receive();
        assertThat(ack.packetType()).isEqualTo(PacketType.CONNACK);
        return c;
    }

    private static RawPacket publishFrom(RawMqttClient c, String topic, int qos, int id, String payload,
                                         boolean retain) {
        c.send(PacketBytes.publish().v5().topic(topic).qos(qos).packetId(id).retain(retain).payload(payload)
                .build());
        return qos == 0 ? null : c.receive();
    }

    @Test
    @DisplayName("[MQTT-4.1.0-1] Every kind of session state survives a graceful restart on the RocksDB store")
    void everyKindOfStateSurvivesARestart() {
        RoostBroker broker = start(0);
        int port = broker.port();
        try {
            // A subscriber with one QoS 1 message in flight and one QoS 2 message past PUBREC.
            RawMqttClient sub = connect(port, "sub", true);
            sub.send(PacketBytes.subscribe().v5().packetId(1).filter("state/#", 2).build());
            assertThat(sub.receive().packetType()).isEqualTo(PacketType.SUBACK);
            RawMqttClient pub = connect(port, "pub", true);
            publishFrom(pub, "state/q1", 1, 1, "in-flight-q1", false);
            RawPacket q1 = sub.receive();
            assertThat(q1.publishPayloadString(true)).isEqualTo("in-flight-q1");
            assertThat(publishFrom(pub, "state/q2", 2, 2, "past-pubrec", false).packetType())
                    .isEqualTo(PacketType.PUBREC);
            pub.send(PacketBytes.pubrel(2).build());
            assertThat(pub.receive().packetType()).isEqualTo(PacketType.PUBCOMP);
            RawPacket q2 = sub.receive();
            sub.send(PacketBytes.pubrec(q2.publishPacketId()).build());
            assertThat(sub.receive().packetType()).isEqualTo(PacketType.PUBREL);
            sub.close(); // neither PUBACK for q1 nor PUBCOMP for q2 was sent

            // Queued while the subscriber is away; a retained message; an inbound QoS 2 awaiting PUBREL.
            publishFrom(pub, "state/queued", 1, 3, "queued-1", false);
            publishFrom(pub, "state/queued", 1, 4, "queued-2", false);
            publishFrom(pub, "state/retained", 1, 5, "kept", true);
            RawMqttClient half = connect(port, "half", true);
            assertThat(publishFrom(half, "state/inbound", 2, 9, "awaiting-pubrel", false).packetType())
                    .isEqualTo(PacketType.PUBREC);
            half.close();
            // A will with a delay longer than the restart.
            RawMqttClient mortal = RawMqttClient.connect("127.0.0.1", port);
            mortal.send(PacketBytes.connect().v5().clientId("mortal").cleanStart(true).sessionExpiry(3600)
                    .keepAlive(0).will("state/will", "gone", 1, false).willDelay(2).build());
            mortal.receive();
            mortal.closeWithReset();
            pub.send(PacketBytes.disconnect().build());
            pub.close();
        } finally {
            broker.close();
        }

        broker = start(port);
        try {
            RawMqttClient sub = connect(port, "sub", false);
            RawPacket resentQ1 = sub.receive();
            assertThat(resentQ1.publishDup()).isTrue();
            assertThat(resentQ1.publishPayloadString(true)).isEqualTo("in-flight-q1");
            RawPacket pubRel = sub.receive();
            assertThat(pubRel.packetType()).as("the QoS 2 exchange past PUBREC resumes with PUBREL")
                    .isEqualTo(PacketType.PUBREL);
            assertThat(sub.receive().publishPayloadString(true)).isEqualTo("queued-1");
            assertThat(sub.receive().publishPayloadString(true)).isEqualTo("queued-2");
            assertThat(sub.receive().publishPayloadString(true)).as("the retained message, also queued")
                    .isEqualTo("kept");
            assertThat(sub.receive().publishPayloadString(true)).as("routed once, before the restart")
                    .isEqualTo("awaiting-pubrel");

            RawMqttClient half = connect(port, "half", false);
            half.send(PacketBytes.pubrel(9).build());
            RawPacket comp = half.receive();
            assertThat(comp.packetType()).isEqualTo(PacketType.PUBCOMP);
            assertThat(comp.reasonCode()).as("the inbound packet id was still known").isZero();

            RawMqttClient late = connect(port, "late", true);
            late.send(PacketBytes.subscribe().v5().packetId(1).filter("state/retained", 1).build());
            late.receive();
            RawPacket retained = late.receive();
            assertThat(retained.publishRetain()).isTrue();
            assertThat(retained.publishPayloadString(true)).isEqualTo("kept");

            RawPacket will = sub.receiveUntil(p -> p.is(PacketType.PUBLISH)
                    && p.publishTopic().equals("state/will"), Duration.ofSeconds(10));
            assertThat(will.publishPayloadString(true)).isEqualTo("gone");
        } finally {
            broker.close();
        }
    }
}
