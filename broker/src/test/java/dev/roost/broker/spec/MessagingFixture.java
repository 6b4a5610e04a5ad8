package dev.roost.broker.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.ConnectBuilder;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PublishBuilder;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import dev.roost.testkit.SubscribeBuilder;
import dev.roost.testkit.UnsubscribeBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real broker on an ephemeral loopback port plus the raw clients one spec test talks to it with, and the few
 * exchanges the messaging spec tests repeat (connect, subscribe, "everything before the marker").
 *
 * <p>The marker technique replaces waiting for silence: a publisher's messages are routed in the order it sent them,
 * and each subscriber's lane delivers in the order it was handed work, so once a subscriber sees a later marker
 * message from the same publisher, every copy of the earlier messages it was going to get has arrived.
 *
 * <p>Not thread-safe: one test thread uses it. Close clients after each test ({@link #closeClients()}) and the broker
 * after the class ({@link #close()}).
 */
final class MessagingFixture implements AutoCloseable {
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final RoostBroker broker;
    private final List<RawMqttClient> clients = new ArrayList<>();

    private MessagingFixture(RoostBroker broker) {
        this.broker = broker;
    }

    static MessagingFixture start(Path dataDirectory, BrokerSettings settings) {
        return new MessagingFixture(RoostBroker.start(BrokerConfig.builder()
                .bindAddress("127.0.0.1").port(0)
                .dataDirectory(dataDirectory)
                .settings(settings)
                .build()));
    }

    static MessagingFixture start(Path dataDirectory) {
        return start(dataDirectory, BrokerSettings.defaults());
    }

    /** @return {@code prefix} made unique in this JVM, for client ids and topic levels */
    static String unique(String prefix) {
        return prefix + UNIQUE.incrementAndGet();
    }

    static ConnectBuilder connectPacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.connect().v5() : PacketBytes.connect().v311();
    }

    static PublishBuilder publishPacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.publish().v5() : PacketBytes.publish();
    }

    static SubscribeBuilder subscribePacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.subscribe().v5() : PacketBytes.subscribe();
    }

    static UnsubscribeBuilder unsubscribePacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.unsubscribe().v5() : PacketBytes.unsubscribe();
    }

    /** A QoS 0 PUBLISH of {@code payload} to {@code topic}. */
    static byte[] qos0(MqttVersion version, String topic, String payload) {
        return publishPacket(version).topic(topic).payload(payload).build();
    }

    int port() {
        return broker.port();
    }

    /** Opens a TCP connection without sending anything; closed by {@link #closeClients()}. */
    RawMqttClient open() {
        RawMqttClient client = RawMqttClient.connect("127.0.0.1", broker.port());
        clients.add(client);
        return client;
    }

    /** Connects with Clean Start and no other options, and checks the CONNACK accepts it. */
    RawMqttClient connect(MqttVersion version, String clientId) {
        return connect(connectPacket(version).clientId(clientId));
    }

    /** Sends {@code connect} and checks the CONNACK accepts it. */
    RawMqttClient connect(ConnectBuilder connect) {
        RawMqttClient client = open();
        client.send(connect.build());
        RawPacket connAck = client.receive().expectType(PacketType.CONNACK);
        assertThat(connAck.connAckCode()).as("CONNACK code").isZero();
        return client;
    }

    /** Subscribes to one filter in its own SUBSCRIBE and checks the SUBACK grants exactly {@code qos}. */
    static void subscribe(RawMqttClient client, MqttVersion version, String filter, int qos) {
        subscribe(client, version, subscribePacket(version).packetId(1).filter(filter, qos), qos);
    }

    /** Sends {@code subscribe} (one filter, packet id 1) and checks the SUBACK grants exactly {@code qos}. */
    static void subscribe(RawMqttClient client, MqttVersion version, SubscribeBuilder subscribe, int qos) {
        client.send(subscribe.build());
        RawPacket subAck = client.receive().expectType(PacketType.SUBACK);
        assertThat(subAck.packetId()).as("SUBACK packet id").isEqualTo(1);
        assertThat(subAck.subAckReasonCodes(version.isV5())).as("SUBACK codes").containsExactly(qos);
    }

    /**
     * Reads packets until a PUBLISH to {@code markerTopic} arrives.
     *
     * @return every packet received before the marker, in order
     */
    static List<RawPacket> packetsBefore(RawMqttClient client, String markerTopic) {
        List<RawPacket> before = new ArrayList<>();
        while (true) {
            RawPacket packet = client.receive();
            if (packet.is(PacketType.PUBLISH) && packet.publishTopic().equals(markerTopic)) {
                return before;
            }
            before.add(packet);
        }
    }

    /** Sends PINGREQ and returns every packet that arrives before the PINGRESP: what the broker had queued. */
    static List<RawPacket> packetsBeforePingResp(RawMqttClient client) {
        client.send(PacketBytes.pingreq());
        List<RawPacket> before = new ArrayList<>();
        while (true) {
            RawPacket packet = client.receive();
            if (packet.is(PacketType.PINGRESP)) {
                return before;
            }
            before.add(packet);
        }
    }

    /** Closes every client opened since the last call. */
    void closeClients() {
        clients.forEach(RawMqttClient::close);
        clients.clear();
    }

    @Override
    public void close() {
        closeClients();
        broker.close();
    }
}
