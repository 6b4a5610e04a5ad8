package dev.roost.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every interruption point of a QoS 2 exchange, in both directions and both protocol versions, each with the two
 * orders in which recovery can meet other traffic: the message reaches the subscriber exactly once.
 *
 * <p>Interruption points: after PUBLISH (before PUBREC), after PUBREC (before PUBREL), after PUBREL (the PUBREL is
 * lost on the way) and before PUBCOMP (the PUBREL arrived, the PUBCOMP never left or never arrived). A connection is
 * dropped by closing the socket, which lets the peer read everything sent before the drop.
 *
 * <p>Orders. Broker → client: the subscriber reconnects before anything else is published ({@code RECONNECT_FIRST}),
 * or a second message is published while it is away and must arrive after the interrupted one
 * ({@code TRAFFIC_FIRST}). Client → broker: the subscriber is online while the publisher recovers
 * ({@code RECONNECT_FIRST}), or it is offline and receives the message from its queue afterwards
 * ({@code TRAFFIC_FIRST}).
 */
class Qos2InterruptionIT {
    enum Point { AFTER_PUBLISH, AFTER_PUBREC, AFTER_PUBREL, BEFORE_PUBCOMP }

    enum Order { RECONNECT_FIRST, TRAFFIC_FIRST }

    private static final AtomicInteger IDS = new AtomicInteger();
    @TempDir
    static Path data;
    private static RoostBroker broker;
    private static RawMqttClient watcher;

    @BeforeAll
    static void start() {
        broker = RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(data).build());
        watcher = RawMqttClient.connect("127.0.0.1", broker.port());
        watcher.send(PacketBytes.connect().v311().clientId("watcher").cleanStart(true).keepAlive(0).build());
        watcher.receive();
        watcher.send(PacketBytes.subscribe().packetId(1).filter("gone/#", 0).build());
        watcher.receive();
    }

    @AfterAll
    static void stop() {
        watcher.close();
        broker.close();
    }

    /** Drops the peer's connection and waits until the broker has handled all it sent (its will is published). */
    private static void dropAndAwait(Qos2Peer peer) {
        peer.drop();
        watcher.receiveUntil(p -> p.is(PacketType.PUBLISH) && p.publishTopic().equals(peer.willTopic()),
                Duration.ofSeconds(5));
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (boolean v5 : new boolean[] {false, true}) {
            for (Point point : Point.values()) {
                for (Order order : Order.values()) {
                    all.add(Arguments.of(v5 ? "5.0" : "3.1.1", point, order));
                }
            }
        }
        return all.stream();
    }

    /** A new peer of {@code version}, connected with a persistent session. */
    private static Qos2Peer connectedPeer(String role, String version) {
        Qos2Peer peer = new Qos2Peer(role + "-" + IDS.incrementAndGet(), version.equals("5.0"), broker.port());
        peer.connect();
        return peer;
    }

    /** A new connected peer of {@code version} subscribed to {@code topic} at QoS 2. */
    private static Qos2Peer subscribedPeer(String version, String topic) {
        Qos2Peer sub = connectedPeer("sub", version);
        sub.subscribe(topic);
        return sub;
    }

    @ParameterizedTest(name = "[MQTT-4.3.3-*][MQTT-4.4.0-1][MQTT-4.4.0-2] broker to client, {0}, {1}, {2}")
    @MethodSource("cases")
    void brokerToClientInterruptionDeliversExactlyOnce(String version, Point point, Order order) {
        String topic = "q2/out/" + IDS.incrementAndGet();
        Qos2Peer sub = subscribedPeer(version, topic);
        Qos2Peer pub = connectedPeer("pub", version);
        publishCompletely(pub, topic, 1, "m1");

        RawPacket first = sub.receivePublish();
        assertThat(first.publishDup()).isFalse();
        int id = first.publishPacketId();
        switch (point) {
            case AFTER_PUBLISH -> dropAndAwait(sub);
            case AFTER_PUBREC, AFTER_PUBREL -> {
                sub.send(PacketBytes.pubrec(id).build());
                if (point == Point.AFTER_PUBREL) {
                    sub.receive(PacketType.PUBREL); // on the wire, but this client never processes it
                }
                dropAndAwait(sub);
            }
            case BEFORE_PUBCOMP -> {
                sub.send(PacketBytes.pubrec(id).build());
                sub.receivePubRel();
                dropAndAwait(sub);
            }
        }
        if (order == Order.TRAFFIC_FIRST) {
            publishCompletely(pub, topic, 2, "m2");
        }

        assertThat(sub.connect()).as("Session Present").isTrue();
        if (point == Point.AFTER_PUBLISH) {
            RawPacket again = sub.receivePublish();
            assertThat(again.publishDup()).as("[MQTT-4.4.0-2] DUP on a re-sent PUBLISH").isTrue();
            assertThat(again.publishPacketId()).as("[MQTT-4.4.0-1] the same packet id").isEqualTo(id);
            sub.acknowledge(again);
        } else {
            RawPacket pubRel = sub.receivePubRel();
            assertThat(pubRel.packetId()).as("[MQTT-4.4.0-1] PUBREL again, same id").isEqualTo(id);
            sub.acknowledge(pubRel);
        }
        sub.settle();
        assertThat(sub.delivered()).containsExactlyElementsOf(
                order == Order.TRAFFIC_FIRST ? List.of("m1", "m2") : List.of("m1"));
        sub.disconnect();
        pub.disconnect();
    }

    @ParameterizedTest(name = "[MQTT-4.3.3-*][MQTT-4.4.0-1] client to broker, {0}, {1}, {2}")
    @MethodSource("cases")
    void clientToBrokerInterruptionDeliversExactlyOnce(String version, Point point, Order order) {
        String topic = "q2/in/" + IDS.incrementAndGet();
        Qos2Peer sub = subscribedPeer(version, topic);
        if (order == Order.TRAFFIC_FIRST) {
            sub.disconnect();
        }
        Qos2Peer pub = connectedPeer("pub", version);
        int id = 7;
        pub.send(pub.publish(topic, id, "m1", false));
        switch (point) {
            case AFTER_PUBLISH -> dropAndAwait(pub);
            case AFTER_PUBREC, AFTER_PUBREL -> {
                pub.receive(PacketType.PUBREC); // AFTER_PUBREL: the client "sends" PUBREL but it is lost
                dropAndAwait(pub);
            }
            case BEFORE_PUBCOMP -> {
                pub.receive(PacketType.PUBREC);
                pub.send(PacketBytes.pubrel(id).build());
                dropAndAwait(pub);
            }
        }

        assertThat(pub.connect()).as("Session Present").isTrue();
        if (point == Point.AFTER_PUBLISH) {
            pub.send(pub.publish(topic, id, "m1", true));
            assertThat(pub.receive(PacketType.PUBREC).packetId()).isEqualTo(id);
        }
        pub.send(PacketBytes.pubrel(id).build());
        RawPacket comp = pub.receive(PacketType.PUBCOMP);
        assertThat(comp.packetId()).isEqualTo(id);
        pub.disconnect();

        if (order == Order.TRAFFIC_FIRST) {
            assertThat(sub.connect()).isTrue();
        }
        sub.settle();
        assertThat(sub.delivered()).as("delivered exactly once").containsExactly("m1");
        sub.disconnect();
    }

    private static void publishCompletely(Qos2Peer pub, String topic, int id, String payload) {
        pub.send(pub.publish(topic, id, payload, false));
        pub.receive(PacketType.PUBREC);
        pub.send(PacketBytes.pubrel(id).build());
        pub.receive(PacketType.PUBCOMP);
    }
}
