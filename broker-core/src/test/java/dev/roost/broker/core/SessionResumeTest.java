package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v3;
import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static dev.roost.broker.core.fixture.CoreHarness.withReceiveMaximum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubComp;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.PubRel;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionResumeTest {
    private final CoreHarness broker = new CoreHarness();

    @AfterEach
    void close() {
        broker.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void publish(String topic, Qos qos, String payload, int packetId) {
        Client pub = broker.open();
        broker.connect(pub, v3("pub-" + packetId + "-" + topic, true));
        pub.send(Publish.of(topic, qos, false, packetId, bytes(payload)));
        if (qos == Qos.AT_LEAST_ONCE) {
            pub.next(PubAck.class);
        } else if (qos == Qos.EXACTLY_ONCE) {
            pub.next(PubRec.class);
            pub.send(PubRel.of(packetId));
            pub.next(PubComp.class);
        }
        pub.send(Disconnect.NORMAL);
    }

    @Test
    @DisplayName("[MQTT-3.2.2-2] Clean Session 0 resumes the session: Session Present 1, subscriptions kept")
    void cleanSessionZeroResumes() {
        Client first = broker.open();
        assertThat(broker.connect(first, v3("c1", false)).sessionPresent()).isFalse();
        broker.subscribe(first, "a/#", Qos.AT_LEAST_ONCE);
        first.drop();

        Client second = broker.open();
        assertThat(broker.connect(second, v3("c1", false)).sessionPresent()).isTrue();
        publish("a/b", Qos.AT_LEAST_ONCE, "x", 1);
        Publish p = second.next(Publish.class);
        assertThat(p.topic()).isEqualTo("a/b");
    }

    @Test
    @DisplayName("[MQTT-3.2.2-1] Clean Session 1 discards the session: Session Present 0, no subscriptions")
    void cleanSessionOneDiscards() {
        Client first = broker.open();
        broker.connect(first, v3("c1", false));
        broker.subscribe(first, "a/#", Qos.AT_LEAST_ONCE);
        first.drop();

        Client second = broker.open();
        assertThat(broker.connect(second, v3("c1", true)).sessionPresent()).isFalse();
        assertThat(broker.core().sessionCount()).isEqualTo(1);
        second.send(Disconnect.NORMAL);
        await().until(() -> broker.core().sessionCount() == 0);
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] Unacknowledged QoS 1 is sent again with DUP=1 and the same packet id on resume")
    void resendsUnackedQos1WithDup() {
        Client sub = broker.open();
        broker.connect(sub, v3("s", false));
        broker.subscribe(sub, "t", Qos.AT_LEAST_ONCE);
        publish("t", Qos.AT_LEAST_ONCE, "m1", 7);
        Publish first = sub.next(Publish.class);
        assertThat(first.dup()).isFalse();
        sub.drop();

        Client again = broker.open();
        assertThat(broker.connect(again, v3("s", false)).sessionPresent()).isTrue();
        Publish resent = again.next(Publish.class);
        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(first.packetId());
        assertThat(resent.payload()).isEqualTo(bytes("m1"));
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] A QoS 2 exchange past PUBREC resumes with PUBREL, not a second PUBLISH")
    void resendsPubRelAfterPubRec() {
        Client sub = broker.open();
        broker.connect(sub, v5("s2", false, 300));
        broker.subscribe(sub, "t", Qos.EXACTLY_ONCE);
        publish("t", Qos.EXACTLY_ONCE, "m", 3);
        Publish p = sub.next(Publish.class);
        sub.send(PubRec.of(p.packetId()));
        assertThat(sub.next(PubRel.class).packetId()).isEqualTo(p.packetId());
        sub.drop();

        Client again = broker.open();
        broker.connect(again, v5("s2", false, 300));
        assertThat(again.next(PubRel.class).packetId()).isEqualTo(p.packetId());
        again.send(PubComp.of(p.packetId()));
        publish("t", Qos.EXACTLY_ONCE, "next", 4);
        Publish next = again.next(Publish.class);
        assertThat(next.payload()).isEqualTo(bytes("next"));
        assertThat(next.dup()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-9] Queued messages go out in order, never more than the client's Receive Maximum")
    void queuedMessagesRespectReceiveMaximum() {
        Client sub = broker.open();
        broker.connect(sub, v5("rm", false, 300));
        broker.subscribe(sub, "q", Qos.AT_LEAST_ONCE);
        sub.send(Disconnect.NORMAL);
        for (int i = 1; i <= 5; i++) {
            publish("q", Qos.AT_LEAST_ONCE, "m" + i, i);
        }
        Client again = broker.open();
        broker.connect(again, withReceiveMaximum(v5("rm", false, 300), 2));
        List<String> received = new ArrayList<>();
        Publish a = again.next(Publish.class);
        Publish b = again.next(Publish.class);
        again.sync(); // a third PUBLISH here would arrive before the PINGRESP
        received.add(new String(a.payload(), StandardCharsets.UTF_8));
        received.add(new String(b.payload(), StandardCharsets.UTF_8));
        again.send(PubAck.of(a.packetId()));
        Publish c = again.next(Publish.class);
        again.sync();
        received.add(new String(c.payload(), StandardCharsets.UTF_8));
        again.send(PubAck.of(b.packetId()));
        again.send(PubAck.of(c.packetId()));
        for (int i = 0; i < 2; i++) {
            Publish p = again.next(Publish.class);
            received.add(new String(p.payload(), StandardCharsets.UTF_8));
            again.send(PubAck.of(p.packetId()));
        }
        assertThat(received).containsExactly("m1", "m2", "m3", "m4", "m5");
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] The session expires after its interval; its subscriptions go with it")
    void sessionExpiresOnTheScheduler() {
        Client sub = broker.open();
        broker.connect(sub, v5("exp", false, 10));
        broker.subscribe(sub, "t", Qos.AT_LEAST_ONCE);
        sub.drop();
        await().until(() -> broker.scheduler().pending() == 1);
        broker.advance(Duration.ofSeconds(9));
        assertThat(broker.core().sessionCount()).isEqualTo(1);
        broker.advance(Duration.ofSeconds(1));
        await().until(() -> broker.core().sessionCount() == 0);

        Client again = broker.open();
        assertThat(broker.connect(again, v5("exp", false, 10)).sessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.3.2.2] A will with a delay is not published when the session resumes in time")
    void willDelayCancelledByResume() {
        Client watcher = broker.watcher("watcher", true, 0, "will/#");
        broker.dropWithDelayedWill("w", 300, 30);
        broker.advance(Duration.ofSeconds(20));
        Client back = broker.open();
        broker.connect(back, v5("w", false, 300));
        broker.advance(Duration.ofSeconds(20));
        back.send(Disconnect.NORMAL);
        assertThat(watcher.connection().poll()).isNull();
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.3.2.2] A will with a delay is published when the delay passes")
    void willPublishedAfterDelay() {
        Client watcher = broker.watcher("watcher", true, 0, "will/#");
        broker.dropWithDelayedWill("w", 300, 30);
        broker.advance(Duration.ofSeconds(30));
        Publish p = watcher.next(Publish.class);
        assertThat(p.topic()).isEqualTo("will/w");
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.14.2.2.2] DISCONNECT may not raise a Session Expiry Interval of 0: DISCONNECT 0x82")
    void disconnectCannotRaiseZeroExpiry() {
        Client c = broker.open();
        broker.connect(c, v5("z", true, 0));
        c.send(new Disconnect(ReasonCode.NORMAL_DISCONNECTION, 60L, null,
                dev.roost.protocol.packet.ReasonProperties.NONE));
        Disconnect d = c.next(Disconnect.class);
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        await().until(c.connection()::isClosed);
    }

    @Test
    @DisplayName("[MQTT-3.1.4-3] A second connection with the same client id takes the session over (5.0: 0x8E)")
    void takeoverDisconnectsTheFirstConnection() {
        Client first = broker.open();
        broker.connect(first, v5("same", false, 300));
        Client second = broker.open();
        ConnAck ack = broker.connect(second, v5("same", false, 300));
        assertThat(ack.sessionPresent()).isTrue();
        assertThat(first.next(Disconnect.class).reasonCode()).isEqualTo(ReasonCode.SESSION_TAKEN_OVER);
        await().until(first.connection()::isClosed);
        assertThat(broker.core().connectedClients()).isEqualTo(1);
    }

    @Test
    @DisplayName("Packets read before the socket closed are still handled: a PUBLISH followed by a drop is routed")
    void packetsBeforeACloseAreHandled() {
        Client sub = broker.open();
        broker.connect(sub, v3("reader", true));
        broker.subscribe(sub, "last/words", Qos.AT_MOST_ONCE);
        for (int i = 0; i < 20; i++) {
            Client pub = broker.open();
            broker.connect(pub, v3("writer-" + i, true));
            pub.send(Publish.of("last/words", Qos.AT_MOST_ONCE, false, 0, bytes("m" + i)));
            pub.send(Disconnect.NORMAL);
            pub.drop();
            assertThat(new String(sub.next(Publish.class).payload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
        }
    }
}
