package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.CLOSE_TIMEOUT;
import static dev.roost.broker.spec.Exchanges.closedAfterDisconnect;
import static dev.roost.broker.spec.Exchanges.closedSilently;
import static dev.roost.broker.spec.Exchanges.ping;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.persistentConnect;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Session takeover over real sockets (3.1.4 step 2): a CONNECT with the client id of a live connection closes that
 * connection and takes its session over, also when many such CONNECTs race.
 */
@DisplayName("Session takeover (3.1.4)")
@Timeout(60)
class TakeoverIT {
    private static final int RACERS = 8;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-3.1.4-2] (3.1.1) [MQTT-3.1.4-3] (5.0) a second CONNECT with the same client id closes the first"
            + " connection (5.0: DISCONNECT 0x8E first)")
    void secondConnectionClosesTheFirst(MqttVersion version) {
        String id = unique("takeover");
        RawMqttClient first = broker.connect(connectPacket(version).clientId(id));

        RawMqttClient second = broker.connect(connectPacket(version).clientId(id));

        if (version.isV5()) {
            closedAfterDisconnect(first, 0x8E);
        } else {
            closedSilently(first);
        }
        ping(second);
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.4-3] (3.1.1) [MQTT-3.1.4-4] (5.0) [MQTT-3.2.2-3] the new connection resumes the persistent"
            + " session: Session Present 1, subscriptions kept")
    void newConnectionResumesThePersistentSession(MqttVersion version) {
        String id = unique("resume");
        String topic = unique("resume/topic");
        RawMqttClient first = broker.connect(persistentConnect(version, id));
        subscribe(first, version, topic, 1);

        SpecBroker.Exchange second = broker.accepted(persistentConnect(version, id));

        assertThat(second.connAck().connAckSessionPresent()).as("Session Present").isTrue();
        assertThat(first.awaitClosed(CLOSE_TIMEOUT)).isTrue();
        broker.publishQos0(topic, "to the new connection");
        RawPacket delivered = second.client().receive().expectType(PacketType.PUBLISH);
        assertThat(delivered.publishTopic()).isEqualTo(topic);
        assertThat(delivered.publishPayloadString(version.isV5())).isEqualTo("to the new connection");
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-6] [MQTT-3.2.2-1] (3.1.1) [MQTT-3.1.2-4] [MQTT-3.2.2-2] (5.0) a takeover with"
            + " Clean Start 1 starts a new session: Session Present 0, subscriptions gone")
    void takeoverWithCleanStartDiscardsTheSession(MqttVersion version) {
        String id = unique("clean-takeover");
        String topic = unique("clean-takeover/topic");
        RawMqttClient first = broker.connect(persistentConnect(version, id));
        subscribe(first, version, topic, 1);

        SpecBroker.Exchange second = broker.accepted(connectPacket(version).clientId(id).cleanStart(true));

        assertThat(second.connAck().connAckSessionPresent()).as("Session Present").isFalse();
        String marker = unique("clean-takeover/marker");
        subscribe(second.client(), version, marker, 0);
        broker.publishQos0(topic, "old subscription");
        broker.publishQos0(marker, "marker");
        RawPacket next = second.client().receive().expectType(PacketType.PUBLISH);
        assertThat(next.publishTopic()).as("the old subscription is gone").isEqualTo(marker);
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.4-2] (3.1.1) [MQTT-3.1.4-3] (5.0) " + RACERS + " concurrent CONNECTs with one client id"
            + " end with exactly one open connection, which holds the session")
    void concurrentConnectsLeaveExactlyOneConnection(MqttVersion version) throws Exception {
        String id = unique("race");
        String topic = unique("race/topic");
        broker.storeSession(version, id, topic, 0);
        List<RawMqttClient> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            racers.add(broker.open());
        }
        byte[] connect = persistentConnect(version, id).build();

        CyclicBarrier start = new CyclicBarrier(RACERS);
        ExecutorService threads = Executors.newFixedThreadPool(RACERS);
        try {
            List<Future<RawPacket>> connAcks = new ArrayList<>();
            for (RawMqttClient racer : racers) {
                connAcks.add(threads.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    racer.send(connect);
                    return racer.receive();
                }));
            }
            for (Future<RawPacket> connAck : connAcks) {
                RawPacket packet = connAck.get(10, TimeUnit.SECONDS).expectType(PacketType.CONNACK);
                assertThat(packet.connAckCode()).as("every CONNECT is accepted in its turn").isZero();
            }
        } finally {
            threads.shutdownNow();
        }

        // Every CONNACK is out, so every takeover has happened: a message now reaches the one survivor only.
        broker.publishQos0(topic, "to the survivor");
        int survivors = 0;
        for (RawMqttClient racer : racers) {
            RawPacket next = nextPacketOrNullIfClosed(racer);
            if (next != null && next.is(PacketType.PUBLISH)) {
                survivors++;
                assertThat(next.publishPayloadString(version.isV5())).isEqualTo("to the survivor");
            } else {
                if (version.isV5()) {
                    assertThat(next).as("a taken-over 5.0 connection is told why").isNotNull();
                    assertThat(next.expectType(PacketType.DISCONNECT).reasonCode()).isEqualTo(0x8E);
                    assertThat(racer.awaitClosed(CLOSE_TIMEOUT)).isTrue();
                } else {
                    assertThat(next).as("a taken-over 3.1.1 connection is closed without a packet").isNull();
                }
            }
        }
        assertThat(survivors).as("open connections holding the session").isEqualTo(1);
    }

    /** @return the next packet, or {@code null} if the broker closed the connection without sending one */
    private static RawPacket nextPacketOrNullIfClosed(RawMqttClient client) {
        try {
            return client.receive();
        } catch (AssertionError noPacket) {
            if (client.isClosed()) {
                return null; // the peer closed: that is the answer, not a failure
            }
            throw noPacket;
        }
    }
}
