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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real broker on an ephemeral loopback port, the raw clients a connection-lifecycle spec test (CONNECT, keep-alive,
 * DISCONNECT, takeover, sessions, malformed input) talks to it with, and the checks those tests repeat: "accepted",
 * "closed after exactly these packets", "still healthy".
 *
 * <p>Thread-safe for opening clients (a takeover test opens them from several threads); each client is driven by one
 * thread. Close clients after each test ({@link #closeClients()}) and the broker after the class ({@link #close()}).
 */
final class LifecycleFixture implements AutoCloseable {
    /** How long a connection the broker must close may take to be closed. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
    private static final AtomicInteger UNIQUE = new AtomicInteger();

    private final RoostBroker broker;
    private final List<RawMqttClient> clients = new CopyOnWriteArrayList<>();

    private LifecycleFixture(RoostBroker broker) {
        this.broker = broker;
    }

    static LifecycleFixture start(Path dataDirectory, BrokerSettings settings) {
        return new LifecycleFixture(RoostBroker.start(BrokerConfig.builder()
                .bindAddress("127.0.0.1").port(0)
                .dataDirectory(dataDirectory)
                .settings(settings)
                .build()));
    }

    static LifecycleFixture start(Path dataDirectory) {
        return start(dataDirectory, BrokerSettings.defaults());
    }

    /** @return {@code prefix} made unique in this JVM, for client ids and topics */
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

    static PublishBuilder publishPacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.publish().v5() : PacketBytes.publish();
    }

    static SubscribeBuilder subscribePacket(MqttVersion version) {
        return version.isV5() ? PacketBytes.subscribe().v5() : PacketBytes.subscribe();
    }

    RoostBroker broker() {
        return broker;
    }

    /** Opens a TCP connection without sending anything; closed by {@link #closeClients()}. */
    RawMqttClient open() {
        RawMqttClient client = RawMqttClient.connect("127.0.0.1", broker.port());
        clients.add(client);
        return client;
    }

    /** Opens a connection, sends {@code connect} and returns the broker's first packet, whatever it is. */
    Exchange exchange(ConnectBuilder connect) {
        RawMqttClient client = open();
        client.send(connect.build());
        return new Exchange(client, client.receive());
    }

    /** Sends {@code connect} on a new connection and checks the CONNACK accepts it (code 0). */
    Exchange accepted(ConnectBuilder connect) {
        Exchange exchange = exchange(connect);
        exchange.connAck().expectType(PacketType.CONNACK);
        assertThat(exchange.connAck().connAckCode()).as("CONNACK code").isZero();
        return exchange;
    }

    /** {@link #accepted} without the CONNACK. */
    RawMqttClient connect(ConnectBuilder connect) {
        return accepted(connect).client();
    }

    /** Subscribes to one filter (packet id 1) and checks the SUBACK grants exactly {@code qos}. */
    static void subscribe(RawMqttClient client, MqttVersion version, String filter, int qos) {
        client.send(subscribePacket(version).packetId(1).filter(filter, qos).build());
        RawPacket subAck = client.receive().expectType(PacketType.SUBACK);
        assertThat(subAck.packetId()).as("SUBACK packet id").isEqualTo(1);
        assertThat(subAck.subAckReasonCodes(version.isV5())).as("SUBACK codes").containsExactly(qos);
    }

    /** Sends a normal DISCONNECT ({@code E0 00}) and waits until the broker has closed the connection. */
    static void disconnect(RawMqttClient client) {
        client.send(PacketBytes.disconnect().build());
        assertThat(client.awaitClosed(CLOSE_TIMEOUT)).as("broker closes after DISCONNECT").isTrue();
    }

    /**
     * Waits for the broker to close {@code client}.
     *
     * @return what the broker sent before closing
     * @throws AssertionError if the connection is still open after {@link #CLOSE_TIMEOUT}
     */
    static List<RawPacket> closedAfter(RawMqttClient client) {
        assertThat(client.awaitClosed(CLOSE_TIMEOUT))
                .as("the broker closes the connection within %s (drained %s)", CLOSE_TIMEOUT, client.drained())
                .isTrue();
        return client.drained();
    }

    /** Checks that the broker closes {@code client} after sending exactly one DISCONNECT with {@code reasonCode}. */
    static RawPacket closedAfterDisconnect(RawMqttClient client, int reasonCode) {
        List<RawPacket> sent = closedAfter(client);
        assertThat(sent).as("packets before the close").hasSize(1);
        RawPacket disconnect = sent.get(0).expectType(PacketType.DISCONNECT);
        assertThat(disconnect.reasonCode()).as("DISCONNECT reason code").isEqualTo(reasonCode);
        return disconnect;
    }

    /** Checks that the broker closes {@code client} without sending anything. */
    static void closedSilently(RawMqttClient client) {
        assertThat(closedAfter(client)).as("packets before the close").isEmpty();
    }

    /** A fresh, well-behaved 5.0 client can still connect and get a PINGRESP: the broker is healthy. */
    void assertHealthy() {
        try (RawMqttClient probe = RawMqttClient.connect("127.0.0.1", broker.port())) {
            probe.send(PacketBytes.connect().v5().clientId(unique("probe")).build());
            RawPacket connAck = probe.receive().expectType(PacketType.CONNACK);
            assertThat(connAck.connAckCode()).as("probe CONNACK code").isZero();
            probe.send(PacketBytes.pingreq());
            probe.receive().expectType(PacketType.PINGRESP);
            disconnect(probe);
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

    /** A connection and the first packet the broker sent on it. */
    record Exchange(RawMqttClient client, RawPacket connAck) {
    }
}
