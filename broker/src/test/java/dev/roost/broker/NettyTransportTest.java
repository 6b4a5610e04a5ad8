package dev.roost.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Netty transport under a {@link RecordingProtocolHandler} in place of the broker core, driven by a raw MQTT peer
 * on 127.0.0.1.
 */
class NettyTransportTest {
    private static final byte[] CONNECT = PacketBytes.connect().v311().clientId("c1").build();
    private static final byte[] CONNACK_ACCEPTED = PacketBytes.raw(0x20, 0x02, 0x00, 0x00);
    /** Packet type 0 is reserved: malformed in every version. */
    private static final byte[] RESERVED_TYPE = PacketBytes.raw(0x00, 0x00);
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dataDirectory;

    private final List<RecordingProtocolHandler> handlers = new CopyOnWriteArrayList<>();
    private final List<RoostBroker> brokers = new ArrayList<>();
    private final List<RawMqttClient> peers = new ArrayList<>();

    @AfterEach
    void closeEverything() {
        peers.forEach(RawMqttClient::close);
        brokers.forEach(RoostBroker::close);
    }

    private BrokerConfig.Builder config() {
        return BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(dataDirectory);
    }

    private RoostBroker start(BrokerConfig config, Duration keepAlive) {
        return start(config, keepAlive, Clock.systemUTC());
    }

    private RoostBroker start(BrokerConfig config, Duration keepAlive, Clock clock) {
        RoostBroker broker = RoostBroker.start(config, clock, RecordingProtocolHandler.factory(keepAlive, handlers));
        brokers.add(broker);
        return broker;
    }

    private RawMqttClient peer(RoostBroker broker) {
        RawMqttClient peer = RawMqttClient.connect("127.0.0.1", broker.port());
        peers.add(peer);
        return peer;
    }

    private List<Object> eventsOnceClosed(int handler) {
        await().until(() -> handlers.size() > handler && handlers.get(handler).events.contains("closed"));
        return handlers.get(handler).events;
    }

    @Test
    void answersConnectWithConnAckAndPingReqWithPingResp() {
        RawMqttClient peer = peer(start(config().build(), Duration.ZERO));

        assertThat(peer.send(CONNECT).receive().bytes()).isEqualTo(CONNACK_ACCEPTED);
        assertThat(peer.send(PacketBytes.pingreq()).receive().bytes()).isEqualTo(PacketBytes.pingresp());
        peer.close();

        assertThat(eventsOnceClosed(0)).containsExactly(PacketType.CONNECT, PacketType.PINGREQ, "closed");
    }

    @Test
    void handsADecodeFailureToTheHandlerAndDeliversItsLastPacketBeforeClosing() {
        RawMqttClient peer = peer(start(config().build(), Duration.ZERO));
        peer.send(CONNECT).receive();

        peer.send(RESERVED_TYPE);

        assertThat(peer.awaitClosed(RawMqttClient.DEFAULT_TIMEOUT)).isTrue();
        assertThat(peer.drained()).extracting(RawPacket::bytes).containsExactly(PacketBytes.pingresp());
        List<Object> events = eventsOnceClosed(0);
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isEqualTo(PacketType.CONNECT);
        assertThat(events.get(1)).isInstanceOf(DecodeFailure.class);
        assertThat(events.get(2)).isEqualTo("closed");
    }

    @Test
    void reportsAKeepAliveTimeoutWhenThePeerFallsSilent() {
        RawMqttClient peer = peer(start(config().build(), SHORT));
        peer.send(CONNECT).receive();

        assertThat(peer.awaitClosed(RawMqttClient.DEFAULT_TIMEOUT)).isTrue();
        assertThat(eventsOnceClosed(0)).containsExactly(PacketType.CONNECT, "keep-alive timeout", "closed");
    }

    @Test
    void trafficResetsTheKeepAliveWatch() {
        RawMqttClient peer = peer(start(config().build(), Duration.ofMillis(1000)));
        peer.send(CONNECT).receive();

        for (int i = 0; i < 4; i++) {
            // 4 × 400 ms of silence, each followed by a ping: longer in all than the keep-alive.
            peer.expectNoPacket(Duration.ofMillis(400));
            assertThat(peer.send(PacketBytes.pingreq()).receive().bytes()).isEqualTo(PacketBytes.pingresp());
        }
        peer.close();

        assertThat(eventsOnceClosed(0)).doesNotContain("keep-alive timeout");
    }

    @Test
    @DisplayName("[MQTT-3.1.4-1] closes a connection that sends no CONNECT within the connect timeout")
    void closesAConnectionThatSendsNoConnectInTime() {
        RawMqttClient peer = peer(start(config().connectTimeout(SHORT).build(), Duration.ZERO));

        assertThat(peer.awaitClosed(RawMqttClient.DEFAULT_TIMEOUT)).isTrue();
        assertThat(peer.drained()).isEmpty();
        assertThat(eventsOnceClosed(0)).containsExactly("closed");
    }

    @Test
    void theConnectTimeoutEndsWithTheFirstPacket() {
        RawMqttClient peer = peer(start(config().connectTimeout(SHORT).build(), Duration.ZERO));
        peer.send(CONNECT).receive();

        peer.expectNoPacket(SHORT.multipliedBy(2));
        assertThat(peer.send(PacketBytes.pingreq()).receive().bytes()).isEqualTo(PacketBytes.pingresp());
    }

    @Test
    void closesNewConnectionsAboveTheConnectRate() {
        // A clock that stands still: the bucket never refills during the test.
        Clock frozen = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        RoostBroker broker = start(config().maxConnectsPerSecond(2).build(), Duration.ZERO, frozen);
        List<RawMqttClient> three = List.of(peer(broker), peer(broker), peer(broker));

        // Which of the three is refused depends on which I/O thread gets to it first.
        await().until(() -> three.stream().filter(p -> p.awaitClosed(Duration.ofMillis(50))).count() == 1);
        for (RawMqttClient peer : three) {
            if (!peer.isClosed()) {
                assertThat(peer.send(CONNECT).receive().bytes()).isEqualTo(CONNACK_ACCEPTED);
            }
        }
        assertThat(handlers).hasSize(2);
    }

    @Test
    void closeEndsEveryConnectionFreesThePortAndIsIdempotent() {
        RoostBroker first = start(config().build(), Duration.ZERO);
        int port = first.port();
        RawMqttClient peer = peer(first);
        peer.send(CONNECT).receive();

        first.close();
        first.close();

        assertThat(peer.awaitClosed(RawMqttClient.DEFAULT_TIMEOUT)).isTrue();
        assertThat(handlers.get(0).events).containsExactly(PacketType.CONNECT, "closed");
        RoostBroker second = start(config().port(port).build(), Duration.ZERO);
        assertThat(second.port()).isEqualTo(port);
        assertThat(peer(second).send(CONNECT).receive().bytes()).isEqualTo(CONNACK_ACCEPTED);
    }

    @Test
    void refusesToStartOnAPortInUseAndNamesTheAddress() {
        RoostBroker first = start(config().build(), Duration.ZERO);
        BrokerConfig clash = config().port(first.port()).build();

        assertThatThrownBy(() -> start(clash, Duration.ZERO))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("Cannot listen on 127.0.0.1:" + first.port() + ": ");
    }

    @Test
    void reportsTheActualAddressAndCreatesTheDataDirectory() {
        Path nested = dataDirectory.resolve("a/b");
        RoostBroker broker = start(config().dataDirectory(nested).build(), Duration.ZERO);

        assertThat(broker.port()).isPositive();
        assertThat(broker.address().getPort()).isEqualTo(broker.port());
        assertThat(broker.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Files.isDirectory(nested)).isTrue();
    }

    @Test
    void refusesADataDirectoryThatIsAFileNamingThePath() throws Exception {
        Path file = Files.createFile(dataDirectory.resolve("taken"));

        assertThatThrownBy(() -> start(config().dataDirectory(file).build(), Duration.ZERO))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(file.toString());
    }
}
