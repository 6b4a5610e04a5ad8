package dev.roost.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roost.client.ConnectResult;
import dev.roost.client.PublishResult;
import dev.roost.client.RoostClient;
import dev.roost.client.SessionDiscardedException;
import dev.roost.client.session.ClientSessionState;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.Subscription;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Against a scripted server: how the session survives drops, refusals of the session and assigned ids. */
class ScriptedSessionIT extends ScriptedServerTestBase {
    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    @DisplayName("[MQTT-4.4.0-1] after a drop following PUBLISH, the PUBLISH is resent with DUP 1 and the same id")
    void resendsAnUnacknowledgedPublishWithDupAndTheSameIdAfterTheConnectionDrops(MqttVersion version) {
        RoostClient client = client(config(version));
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake first = handshake(connAck(version, false));
        Done.of(connected);
        CompletableFuture<PublishResult> published = client.publish("a/b", "hello".getBytes(StandardCharsets.UTF_8),
                Qos.AT_LEAST_ONCE);
        RawPacket original = first.peer().receive(PacketType.PUBLISH);
        first.peer().drop();

        Handshake second = handshake(connAck(version, true));
        RawPacket resent = second.peer().receive(PacketType.PUBLISH);
        second.peer().send(PacketBytes.puback(resent.packetId()).build());

        assertThat(original.publishDup()).isFalse();
        assertThat(second.connect().cleanStart()).isFalse();
        assertThat(resent.publishDup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(original.packetId());
        assertThat(payload(resent, version)).isEqualTo("hello");
        assertThat(Done.of(published).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    @DisplayName("[MQTT-4.4.0-1] after a drop following PUBREC, the owed PUBREL is resent, not the PUBLISH")
    void resendsTheOwedPubRelAfterTheConnectionDropsAfterPubRec(MqttVersion version) {
        RoostClient client = client(config(version));
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake first = handshake(connAck(version, false));
        Done.of(connected);
        CompletableFuture<PublishResult> published = client.publish("a/b", new byte[] {1}, Qos.EXACTLY_ONCE);
        int id = first.peer().receive(PacketType.PUBLISH).packetId();
        first.peer().send(PacketBytes.pubrec(id).build());
        assertThat(first.peer().receive(PacketType.PUBREL).packetId()).isEqualTo(id);
        first.peer().drop();

        Handshake second = handshake(connAck(version, true));
        RawPacket pubRel = second.peer().receive();
        second.peer().send(PacketBytes.pubcomp(id).build());

        assertThat(pubRel.packetType()).isEqualTo(PacketType.PUBREL);
        assertThat(pubRel.packetId()).isEqualTo(id);
        assertThat(Done.of(published).qos()).isEqualTo(Qos.EXACTLY_ONCE);
    }

    @Test
    @DisplayName("[MQTT-4.3.3-3] a redelivered QoS 2 PUBLISH whose id is stored is acknowledged, not delivered again")
    void aRedeliveredQos2MessageReachesTheHandlerOnceAcrossADrop() {
        Inbox inbox = new Inbox();
        RoostClient client = client(config(MqttVersion.V5));
        client.registerHandler(Subscription.of("in/#", Qos.EXACTLY_ONCE), inbox);
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake first = handshake(connAck(MqttVersion.V5, false));
        Done.of(connected);
        grantSubscribe(first.peer());
        byte[] publish = PacketBytes.publish().v5().topic("in/x").qos(2).packetId(7).payload("once").build();
        first.peer().send(publish);
        assertThat(first.peer().receive(PacketType.PUBREC).packetId()).isEqualTo(7);
        first.peer().drop();

        Handshake second = handshake(connAck(MqttVersion.V5, true));
        second.peer().send(PacketBytes.publish().v5().topic("in/x").qos(2).packetId(7).dup(true).payload("once")
                .build());
        assertThat(second.peer().receive(PacketType.PUBREC).packetId()).isEqualTo(7);
        second.peer().send(PacketBytes.pubrel(7).build());
        assertThat(second.peer().receive(PacketType.PUBCOMP).packetId()).isEqualTo(7);

        assertThat(inbox.payloads()).containsExactly("once");
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    @DisplayName("[MQTT-3.2.2-5] a CONNACK without the session discards in-flight state, reports it, keeps the queue")
    void aConnAckWithoutTheSessionDiscardsAndReportsInFlightAndSendsQueuedAsNew(MqttVersion version)
            throws Exception {
        RecordingListener events = new RecordingListener();
        RoostClient client = client(config(version).noAutomaticReconnect().listener(events));
        client.subscribe("cmd/#", Qos.AT_LEAST_ONCE, new Inbox());
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake first = handshake(connAck(version, false));
        Done.of(connected);
        int subscribeId = first.peer().receive(PacketType.SUBSCRIBE).packetId();
        first.peer().send(version.isV5() ? PacketBytes.suback(subscribeId).v5().reasonCodes(1).build()
                : PacketBytes.suback(subscribeId).reasonCodes(1).build());
        CompletableFuture<PublishResult> inFlight = client.publish("a", "lost".getBytes(StandardCharsets.UTF_8),
                Qos.AT_LEAST_ONCE);
        first.peer().receive(PacketType.PUBLISH);
        first.peer().drop();
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
        CompletableFuture<PublishResult> queued = client.publish("a", "queued".getBytes(StandardCharsets.UTF_8),
                Qos.AT_LEAST_ONCE);

        CompletableFuture<ConnectResult> reconnected = client.connect();
        Handshake second = handshake(connAck(version, false));
        RawPacket one = second.peer().receive();
        RawPacket two = second.peer().receive();
        ConnectResult result = Done.of(reconnected);

        RawPacket publish = one.is(PacketType.PUBLISH) ? one : two;
        RawPacket subscribe = one.is(PacketType.SUBSCRIBE) ? one : two;
        assertThat(payload(publish, version)).isEqualTo("queued");
        assertThat(publish.publishDup()).isFalse();
        assertThat(subscribe.subscribeFilters(version.isV5())).extracting(s -> s.filter()).containsExactly("cmd/#");
        assertThat(result.sessionPresent()).isFalse();
        assertThat(result.discarded().possiblyUndelivered()).extracting(m -> new String(m.payload(),
                StandardCharsets.UTF_8)).containsExactly("lost");
        assertThat(events.discarded).containsExactly(result.discarded());
        assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SessionDiscardedException.class);
        second.peer().send(PacketBytes.puback(publish.packetId()).build());
        assertThat(Done.of(queued).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
    }

    @Test
    void aServerAssignedClientIdIsUsedAndKeptForTheNextRun() {
        RoostClient firstRun = client(config(MqttVersion.V5).serverAssignedClientId());
        CompletableFuture<ConnectResult> connected = firstRun.connect();
        Handshake first = handshake(PacketBytes.connack().v5().assignedClientIdentifier("srv-42").build());
        ConnectResult result = Done.of(connected);
        firstRun.close();
        first.peer().awaitClosed();

        RoostClient secondRun = client(config(MqttVersion.V5).serverAssignedClientId());
        CompletableFuture<ConnectResult> reconnected = secondRun.connect();
        Handshake second = handshake(connAck(MqttVersion.V5, true));

        assertThat(first.connect().clientId()).isEmpty();
        assertThat(result.clientId()).isEqualTo("srv-42");
        assertThat(result.clientIdAssigned()).isTrue();
        assertThat(second.connect().clientId()).isEqualTo("srv-42");
        assertThat(second.connect().cleanStart()).isFalse();
        assertThat(Done.of(reconnected).clientIdAssigned()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.2.2-16] a server that accepts an empty client id without assigning one is refused")
    void aServerThatAcceptsANullSessionWithoutAssigningAnIdBreaksTheProtocol() {
        RoostClient client = client(config(MqttVersion.V5).serverAssignedClientId().noAutomaticReconnect());
        CompletableFuture<ConnectResult> connected = client.connect();
        Handshake handshake = handshake(connAck(MqttVersion.V5, false));

        assertThat(handshake.peer().receive(PacketType.DISCONNECT).reasonCode()).isEqualTo(0x82);
        assertThatThrownBy(() -> connected.get(5, TimeUnit.SECONDS)).hasMessageContaining("MQTT-3.2.2-16");
    }

    @Test
    void aNullSessionIsRefusedForMqtt311BeforeAnythingIsSent() {
        RoostClient client = client(config(MqttVersion.V3_1_1).serverAssignedClientId());

        assertThatThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS)).hasMessageContaining("MQTT 5.0");
        assertThat(server.accept(Duration.ofMillis(200))).isNull();
    }

    @Test
    void messagesOfAResumedSessionWaitForAHandlerRegisteredAfterConnecting() {
        RoostClient firstRun = client(config(MqttVersion.V5));
        CompletableFuture<ConnectResult> connected = firstRun.connect();
        Handshake first = handshake(connAck(MqttVersion.V5, false));
        Done.of(connected);
        CompletableFuture<?> subscribed = firstRun.subscribe("late/#", Qos.AT_LEAST_ONCE, new Inbox());
        first.peer().send(PacketBytes.suback(first.peer().receive(PacketType.SUBSCRIBE).packetId()).v5()
                .reasonCodes(1).build());
        Done.of(subscribed);
        firstRun.close();

        Inbox late = new Inbox();
        Inbox fallback = new Inbox();
        RoostClient secondRun = client(config(MqttVersion.V5).defaultHandler(fallback));
        CompletableFuture<ConnectResult> resumed = secondRun.connect();
        Handshake second = handshake(connAck(MqttVersion.V5, true));
        Done.of(resumed);
        second.peer().send(PacketBytes.publish().v5().topic("late/1").qos(1).packetId(3).payload("kept").build());
        second.peer().expectNothing(Duration.ofMillis(200));
        Done.of(secondRun.registerHandler(Subscription.of("late/#", Qos.AT_LEAST_ONCE), late));
        assertThat(second.peer().receive(PacketType.PUBACK).packetId()).isEqualTo(3);
        second.peer().send(PacketBytes.publish().v5().topic("nobody/1").qos(1).packetId(4).payload("lost?")
                .build());
        assertThat(second.peer().receive(PacketType.PUBACK).packetId()).isEqualTo(4);

        assertThat(late.payloads()).containsExactly("kept");
        assertThat(fallback.payloads()).containsExactly("lost?");
    }

    @Test
    void theSessionStateFileIsWrittenOnExportAndReadInsteadOfTheArgumentOnRestore(@TempDir Path dir) {
        Path stateFile = dir.resolve("session.txt");
        RoostClient offline = client(config(MqttVersion.V5).sessionStateFile(stateFile));
        offline.publish("later", "kept offline".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE);
        String exported = Done.of(offline.exportSession());
        offline.close();

        RoostClient fresh = client(config(MqttVersion.V5).sessionStateFile(stateFile)
                .sessionStore(new InMemoryClientSessionStore()));
        ClientSessionState restored = Done.of(fresh.restoreSession("ignored: the file wins"));
        CompletableFuture<ConnectResult> connected = fresh.connect();
        Handshake handshake = handshake(connAck(MqttVersion.V5, true));

        assertThat(stateFile).hasContent(exported);
        assertThat(restored.queued()).hasSize(1);
        assertThat(handshake.connect().cleanStart()).isFalse();
        Done.of(connected);
        assertThat(payload(handshake.peer().receive(PacketType.PUBLISH), MqttVersion.V5)).isEqualTo("kept offline");
    }

}
