package dev.roost.broker.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher that sends far faster than the store can fsync: the broker stops reading from it while its lane is
 * behind (bounded queues) and reads on as the lane catches up, so nothing stalls and nothing is lost.
 */
class PublisherFloodIT {
    private static final int MESSAGES = 10_000;

    @TempDir
    Path data;
    private RoostBroker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static RawMqttClient connect(int port, String clientId, boolean cleanStart) {
        RawMqttClient c = RawMqttClient.connect("127.0.0.1", port);
        c.send(PacketBytes.connect().v5().clientId(clientId).cleanStart(cleanStart).sessionExpiry(3600)
                .keepAlive(0).build());
        assertThat(c.receive().packetType()).isEqualTo(PacketType.CONNACK);
        return c;
    }

    /** 4 KiB: enough that a few hundred waiting packets reach the lane's limit. */
    private static byte[] payload(int i) {
        byte[] bytes = new byte[4096];
        byte[] label = ("m" + i).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(label, 0, bytes, 0, label.length);
        return bytes;
    }

    @Test
    @DisplayName("[MQTT-4.6.0-2] 10,000 QoS 1 PUBLISH packets of 4 KiB sent without waiting: every PUBACK in order, every message"
            + " queued in order for the offline subscriber")
    void aFloodIsReadAtTheStoresPaceAndNothingIsLost() throws Exception {
        broker = RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(data)
                .settings(BrokerSettings.builder().maxQueuedMessages(MESSAGES).build()).build());
        try (RawMqttClient sub = connect(broker.port(), "flood-sub", true)) {
            sub.send(PacketBytes.subscribe().v5().packetId(1).filter("flood/t", 1).build());
            assertThat(sub.receive().packetType()).isEqualTo(PacketType.SUBACK);
        }
        try (RawMqttClient pub = connect(broker.port(), "flood-pub", true)) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                for (int i = 1; i <= MESSAGES; i++) {
                    chunk.writeBytes(PacketBytes.publish().v5().topic("flood/t").qos(1).packetId(i)
                            .payload(payload(i)).build());
                    if (i % 100 == 0) {
                        pub.send(chunk.toByteArray());
                        chunk.reset();
                    }
                }
            });
            for (int i = 1; i <= MESSAGES; i++) {
                RawPacket ack = pub.receive(Duration.ofSeconds(30));
                assertThat(ack.packetType()).isEqualTo(PacketType.PUBACK);
                assertThat(ack.packetId()).as("PUBACK %d", i).isEqualTo(i);
            }
            sending.get(30, TimeUnit.SECONDS);
        }
        try (RawMqttClient sub = connect(broker.port(), "flood-sub", false)) {
            for (int i = 1; i <= MESSAGES; i++) {
                RawPacket p = sub.receive(Duration.ofSeconds(30));
                assertThat(p.packetType()).isEqualTo(PacketType.PUBLISH);
                assertThat(p.publishPayload(true)).as("message %d", i).isEqualTo(payload(i));
                sub.send(PacketBytes.puback(p.publishPacketId()).build());
            }
        }
    }
}
