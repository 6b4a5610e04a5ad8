package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.disconnect;
import static dev.roost.broker.spec.Exchanges.ping;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.persistentConnect;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.ConnectBuilder;
import dev.roost.testkit.PublishBuilder;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real broker for spec tests, on an ephemeral loopback port with its data in a fresh temporary directory, and the
 * raw clients a test talks to it with. One per test class, registered on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SpecBroker broker = SpecBroker.withDefaults();
 * }</pre>
 *
 * It starts before the class, closes the clients a test opened after each test, and stops (deleting its data) after
 * the class. A test that needs other settings for itself alone uses {@code try (SpecBroker b = SpecBroker.with(s)
 * .start())}.
 *
 * <p>Thread-safe for opening clients (a takeover test races them from several threads); each client is driven by one
 * thread. No method takes or returns {@code null}.
 */
final class SpecBroker implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {
    private final BrokerSettings settings;
    private final List<RawMqttClient> clients = new CopyOnWriteArrayList<>();
    private volatile Path dataDirectory;
    private volatile RoostBroker broker;

    private SpecBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    /** A broker with {@link BrokerSettings#defaults()}, not started yet. */
    static SpecBroker withDefaults() {
        return with(BrokerSettings.defaults());
    }

    /** A broker with {@code settings}, not started yet. */
    static SpecBroker with(BrokerSettings settings) {
        return new SpecBroker(settings);
    }

    /** Starts the broker in a new temporary data directory; {@link #close()} stops it and deletes the directory. */
    SpecBroker start() {
        try {
            dataDirectory = Files.createTempDirectory("roost-spec-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the spec broker", e);
        }
        broker = RoostBroker.start(BrokerConfig.builder()
                .bindAddress("127.0.0.1").port(0)
                .dataDirectory(dataDirectory)
                .settings(settings)
                .build());
        return this;
    }

    int port() {
        return broker.port();
    }

    /** Opens a TCP connection without sending anything; closed after the test. */
    RawMqttClient open() {
        RawMqttClient client = RawMqttClient.connect("127.0.0.1", port());
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

    /** Connects with Clean Start and no other options, and checks the CONNACK accepts it. */
    RawMqttClient connect(MqttVersion version, String clientId) {
        return connect(connectPacket(version).clientId(clientId));
    }

    /** A new client of {@code version} (id "sub-…") subscribed to {@code filter}, granted exactly {@code qos}. */
    RawMqttClient subscriber(MqttVersion version, String filter, int qos) {
        RawMqttClient subscriber = connect(version, unique("sub"));
        subscribe(subscriber, version, filter, qos);
        return subscriber;
    }

    /**
     * Leaves a session that outlives its connection: connects with {@link SpecPackets#persistentConnect}, subscribes
     * to {@code filter} at {@code qos} and disconnects normally.
     */
    void storeSession(MqttVersion version, String clientId, String filter, int qos) {
        RawMqttClient client = connect(persistentConnect(version, clientId));
        subscribe(client, version, filter, qos);
        disconnect(client);
    }

    /** A QoS 0 message from a new 5.0 client, then a PINGREQ round trip: it has been routed when this returns. */
    void publishQos0(String topic, String payload) {
        RawMqttClient publisher = connect(MqttVersion.V5, unique("publisher"));
        publisher.send(qos0(MqttVersion.V5, topic, payload));
        ping(publisher);
    }

    /** A QoS 1 message (packet id 1) from a new client; returns once it is acknowledged, so routed and stored. */
    void publishQos1(MqttVersion version, String topic, String payload) {
        publishAcknowledged(version, publishPacket(version, topic, payload).qos(1).packetId(1));
    }

    /** {@link #publishQos1} with RETAIN 1: the message is the retained one of {@code topic} when this returns. */
    void publishRetained(MqttVersion version, String topic, String payload) {
        publishAcknowledged(version, publishPacket(version, topic, payload).qos(1).packetId(1).retain(true));
    }

    private void publishAcknowledged(MqttVersion version, PublishBuilder qos1Publish) {
        RawMqttClient publisher = connect(version, unique("publisher"));
        publisher.send(qos1Publish.build());
        publisher.receive().expectType(PacketType.PUBACK);
    }

    /** A fresh, well-behaved 5.0 client can still connect and get a PINGRESP: the broker is healthy. */
    void assertHealthy() {
        try (RawMqttClient probe = RawMqttClient.connect("127.0.0.1", port())) {
            probe.send(connectPacket(MqttVersion.V5).clientId(unique("probe")).build());
            RawPacket connAck = probe.receive().expectType(PacketType.CONNACK);
            assertThat(connAck.connAckCode()).as("probe CONNACK code").isZero();
            ping(probe);
            disconnect(probe);
        }
    }

    /** Closes every client opened since the last call. */
    void closeClients() {
        clients.forEach(RawMqttClient::close);
        clients.clear();
    }

    /** Closes the clients, stops the broker and deletes its data directory. */
    @Override
    public void close() {
        closeClients();
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            deleteRecursively(dataDirectory);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeClients();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private static void deleteRecursively(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the spec broker's data directory " + root, e);
        }
    }

    /** A connection and the first packet the broker sent on it. */
    record Exchange(RawMqttClient client, RawPacket connAck) {
    }
}
