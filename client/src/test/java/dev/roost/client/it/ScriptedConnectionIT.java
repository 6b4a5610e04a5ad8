package dev.roost.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roost.client.ClientConfig;
import dev.roost.client.ConnectResult;
import dev.roost.client.ConnectionRefusedException;
import dev.roost.client.PublishRejectedException;
import dev.roost.client.PublishResult;
import dev.roost.client.RoostClient;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.Will;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawConnect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Against a scripted server: connecting, refusals, keep alive and the limits either side sets. */
class ScriptedConnectionIT extends ScriptedServerTestBase {
    @Test
    void aRefusingConnAckFailsConnectWithItsReasonAndIsNotRetried() {
        RoostClient client = client(config(MqttVersion.V5));
        CompletableFuture<ConnectResult> connected = client.connect();
        handshake(PacketBytes.connack().v5().reasonCode(0x87).reasonString("no").build());

        assertThatThrownBy(() -> connected.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ConnectionRefusedException.class)
                .satisfies(e -> assertThat(((ConnectionRefusedException) e).reasonCode())
                        .isEqualTo(ReasonCode.NOT_AUTHORIZED));
        assertThat(server.accept(Duration.ofMillis(300))).as("no second attempt").isNull();
    }

    @Test
    @DisplayName("[MQTT-4.9.0-2] no more QoS 1/2 PUBLISHes in flight than the server's Receive Maximum")
    void theServersReceiveMaximumLimitsWhatIsInFlight() {
        RoostClient client = client(config(MqttVersion.V5));
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake handshake = handshake(PacketBytes.connack().v5().receiveMaximum(2).build());
        Done.of(connected);
        for (int i = 0; i < 4; i++) {
            client.publish("w", new byte[] {(byte) i}, Qos.AT_LEAST_ONCE);
        }
        int first = handshake.peer().receive(PacketType.PUBLISH).packetId();
        handshake.peer().receive(PacketType.PUBLISH);
        handshake.peer().expectNothing(Duration.ofMillis(200));
        handshake.peer().send(PacketBytes.puback(first).build());

        assertThat(handshake.peer().receive(PacketType.PUBLISH).publishPayload(true)).containsExactly(2);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-24] a PUBLISH over the server's Maximum Packet Size is refused, not sent")
    void aMessageOverTheServersMaximumPacketSizeIsRejected() {
        RoostClient client = client(config(MqttVersion.V5));
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake handshake = handshake(PacketBytes.connack().v5().maximumPacketSize(64).build());
        Done.of(connected);

        CompletableFuture<PublishResult> big = client.publish("t", new byte[100], Qos.AT_LEAST_ONCE);

        assertThatThrownBy(() -> big.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(PublishRejectedException.class).hasMessageContaining("PACKET_TOO_LARGE");
        handshake.peer().expectNothing(Duration.ofMillis(200));
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] a server that exceeds the client's Receive Maximum is disconnected with 0x93")
    void aServerExceedingTheClientsReceiveMaximumIsDisconnected() {
        RoostClient client = client(config(MqttVersion.V5).receiveMaximum(1).noAutomaticReconnect());
        client.registerHandler(Subscription.of("#", Qos.EXACTLY_ONCE), new Inbox());
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake handshake = handshake(connAck(MqttVersion.V5, false));
        Done.of(connected);
        grantSubscribe(handshake.peer());

        handshake.peer().send(PacketBytes.publish().v5().topic("a").qos(2).packetId(1).build(),
                PacketBytes.publish().v5().topic("a").qos(2).packetId(2).build());

        assertThat(handshake.peer().receive(PacketType.PUBREC).packetId()).isEqualTo(1);
        assertThat(handshake.peer().receive(PacketType.DISCONNECT).reasonCode()).isEqualTo(0x93);
    }

    @Test
    void theConnectCarriesTheConfiguredOptions() {
        Will will = new Will("status/scripted", "gone".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE, true, 5,
                MessageProperties.NONE);
        RoostClient client = client(config(MqttVersion.V5).keepAlive(Duration.ofSeconds(30)).will(will)
                .credentials("user", "secret".getBytes(StandardCharsets.UTF_8)).sessionExpiry(Duration.ofMinutes(2))
                .receiveMaximum(100).maximumPacketSize(4096));
        CompletableFuture<ConnectResult> connected = client.connect();
        RawConnect connect = handshake(connAck(MqttVersion.V5, false)).connect();
        Done.of(connected);

        assertThat(connect.clientId()).isEqualTo("scripted");
        assertThat(connect.cleanStart()).isFalse();
        assertThat(connect.keepAlive()).isEqualTo(30);
        assertThat(connect.username()).isEqualTo("user");
        assertThat(connect.password()).asString(StandardCharsets.UTF_8).isEqualTo("secret");
        assertThat(connect.willTopic()).isEqualTo("status/scripted");
        assertThat(connect.willQos()).isEqualTo(1);
        assertThat(connect.willRetain()).isTrue();
        assertThat(connect.properties().longValue(PropertyId.SESSION_EXPIRY_INTERVAL)).isEqualTo(120);
        assertThat(connect.properties().integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(100);
        assertThat(connect.properties().longValue(PropertyId.MAXIMUM_PACKET_SIZE)).isEqualTo(4096);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] with nothing to send, the client sends PINGREQ within the keep alive")
    void anIdleConnectionIsKeptAliveWithPingReq() {
        RoostClient client = client(config(MqttVersion.V5).keepAlive(Duration.ofSeconds(1)));
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake handshake = handshake(connAck(MqttVersion.V5, false));
        Done.of(connected);

        handshake.peer().receive(PacketType.PINGREQ);
        handshake.peer().send(PacketBytes.pingresp());
        handshake.peer().receive(PacketType.PINGREQ);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-25] a packet over the client's Maximum Packet Size ends the connection with 0x95")
    void aPacketOverTheClientsMaximumPacketSizeIsRefused() {
        RoostClient client = client(config(MqttVersion.V5).maximumPacketSize(64).noAutomaticReconnect());
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake handshake = handshake(connAck(MqttVersion.V5, false));
        Done.of(connected);

        handshake.peer().send(PacketBytes.publish().v5().topic("big").qos(0).payload(new byte[200]).build());

        assertThat(handshake.peer().receive(PacketType.DISCONNECT).reasonCode()).isEqualTo(0x95);
    }

    @Test
    void aConnectionThatCannotBeMadeFailsConnect() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RoostClient client = client(ClientConfig.builder("127.0.0.1", closedPort).clientId("nowhere")
                .sessionStore(store).noAutomaticReconnect());

        assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void automaticReconnectTriesAgainAfterAnAttemptThatFailedBeforeConnAck() {
        RecordingListener events = new RecordingListener();
        RoostClient client = client(config(MqttVersion.V5).listener(events));
        CompletableFuture<ConnectResult> firstAttempt = client.connect();
        ScriptedBroker.Peer refused = server.accept();
        refused.receive(PacketType.CONNECT);
        refused.drop();

        Handshake second = handshake(connAck(MqttVersion.V5, false));

        assertThat(firstAttempt).failsWithin(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> events.connected.size() == 1);
        assertThat(second.connect().clientId()).isEqualTo("scripted");
        assertThat(client.isConnected()).isTrue();
    }

}
