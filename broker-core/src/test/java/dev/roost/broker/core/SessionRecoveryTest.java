package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static dev.roost.broker.core.fixture.CoreHarness.withReceiveMaximum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.session.OutboundLog;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.MessageProperties;
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

/** A broker restarted on the same store brings every piece of session state back. */
class SessionRecoveryTest {
    private final CoreHarness broker = new CoreHarness();

    @AfterEach
    void close() {
        broker.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[MQTT-4.1.0-1] Subscriptions, in-flight and queued messages survive a restart, in order")
    void logAndSubscriptionsSurviveRestart() {
        Client sub = broker.open();
        broker.connect(sub, v5("s", false, 3600));
        broker.subscribe(sub, "t/#", Qos.AT_LEAST_ONCE);
        Client pub = broker.open();
        broker.connect(pub, v5("p", true, 0));
        pub.send(Publish.of("t/1", Qos.AT_LEAST_ONCE, false, 1, bytes("one")));
        pub.next(PubAck.class);
        Publish inflight = sub.next(Publish.class);
        sub.drop();
        pub.send(Publish.of("t/2", Qos.AT_LEAST_ONCE, false, 2, bytes("two")));
        pub.next(PubAck.class);
        pub.send(Disconnect.NORMAL);
        await().until(() -> broker.core().sessionCount() == 1);

        broker.restart();
        assertThat(broker.core().recovered().sessions()).isEqualTo(1);
        assertThat(broker.core().recovered().messages()).isEqualTo(2);

        Client again = broker.open();
        assertThat(broker.connect(again, v5("s", false, 3600)).sessionPresent()).isTrue();
        Publish resent = again.next(Publish.class);
        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(inflight.packetId());
        Publish queued = again.next(Publish.class);
        assertThat(queued.payload()).isEqualTo(bytes("two"));
        assertThat(queued.packetId()).isNotEqualTo(inflight.packetId());
        again.send(PubAck.of(resent.packetId()));
        again.send(PubAck.of(queued.packetId()));

        Client pub2 = broker.open();
        broker.connect(pub2, v5("p2", true, 0));
        pub2.send(Publish.of("t/3", Qos.AT_LEAST_ONCE, false, 1, bytes("three")));
        assertThat(again.next(Publish.class).topic()).as("the subscription came back too").isEqualTo("t/3");
    }

    @Test
    @DisplayName("[MQTT-4.4.0-1] Recovered sessions hold references only, and deliver everything on resume: replays"
            + " with DUP first, then the queue in order")
    void recoveredSessionsHoldNoEntriesAndDeliverEverythingOnResume() {
        List<Client> subscribers = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            Client sub = broker.open();
            broker.connect(sub, withReceiveMaximum(v5(id, false, 3600), 2));
            broker.subscribe(sub, "t", Qos.AT_LEAST_ONCE);
            subscribers.add(sub);
        }
        Client pub = broker.open();
        broker.connect(pub, v5("p", true, 0));
        for (int i = 0; i < 50; i++) {
            pub.send(Publish.of("t", Qos.AT_LEAST_ONCE, false, i + 1, bytes("m" + i)));
            pub.next(PubAck.class);
        }
        List<Publish> inflightOfB = new ArrayList<>();
        for (Client sub : subscribers) {
            List<Publish> window = List.of(sub.next(Publish.class), sub.next(Publish.class));
            if (sub == subscribers.get(1)) {
                inflightOfB.addAll(window);
            }
            sub.drop();
        }
        pub.send(Disconnect.NORMAL);
        await().until(() -> broker.core().connectedClients() == 0);

        broker.restart();
        assertThat(broker.core().recovered().messages()).isEqualTo(150);
        for (String id : List.of("a", "b", "c")) {
            OutboundLog log = broker.core().session(id).outbound();
            assertThat(log.inMemoryCount()).as("entries of %s on the heap", id).isZero();
            assertThat(log.queuedCount()).isEqualTo(48);
        }

        Client again = broker.open();
        broker.connect(again, withReceiveMaximum(v5("b", false, 3600), 2));
        for (Publish was : inflightOfB) {
            Publish replayed = again.next(Publish.class);
            assertThat(replayed.dup()).isTrue();
            assertThat(replayed.packetId()).isEqualTo(was.packetId());
            assertThat(replayed.payload()).isEqualTo(was.payload());
        }
        again.sync(); // Receive Maximum 2: nothing more until an ack
        for (Publish was : inflightOfB) {
            again.send(PubAck.of(was.packetId()));
        }
        List<String> rest = new ArrayList<>();
        for (int i = 2; i < 50; i++) {
            Publish p = again.next(Publish.class);
            assertThat(p.dup()).isFalse();
            rest.add(new String(p.payload(), StandardCharsets.UTF_8));
            again.send(PubAck.of(p.packetId()));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 2; i < 50; i++) {
            expected.add("m" + i);
        }
        assertThat(rest).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("[MQTT-4.3.3-10] An inbound QoS 2 exchange waiting for PUBREL survives a restart: no second routing")
    void inboundQos2SurvivesRestart() {
        Client sub = broker.open();
        broker.connect(sub, v5("s", false, 3600));
        broker.subscribe(sub, "q", Qos.EXACTLY_ONCE);
        Client pub = broker.open();
        broker.connect(pub, v5("p", false, 3600));
        pub.send(Publish.of("q", Qos.EXACTLY_ONCE, false, 9, bytes("once")));
        pub.next(PubRec.class);
        Publish delivered = sub.next(Publish.class);
        sub.send(PubRec.of(delivered.packetId()));
        sub.next(PubRel.class);
        sub.send(PubComp.of(delivered.packetId()));
        sub.sync();
        pub.drop();

        broker.restart();
        Client subAgain = broker.open();
        broker.connect(subAgain, v5("s", false, 3600));
        Client pubAgain = broker.open();
        broker.connect(pubAgain, v5("p", false, 3600));
        Publish dup = new Publish("q", Qos.EXACTLY_ONCE, false, true, 9, bytes("once"), 0, java.util.List.of(),
                MessageProperties.NONE);
        pubAgain.send(dup);
        assertThat(pubAgain.next(PubRec.class).packetId()).isEqualTo(9);
        pubAgain.send(PubRel.of(9));
        assertThat(pubAgain.next(PubComp.class).packetId()).isEqualTo(9);
        subAgain.sync(); // fails if the re-sent PUBLISH was routed a second time
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] A pending delayed will survives a restart and is published when due")
    void pendingWillSurvivesRestart() {
        Client watcher = broker.watcher("watcher", false, 3600, "will/#");
        broker.dropWithDelayedWill("w", 3600, 60);
        watcher.send(Disconnect.NORMAL);
        await().until(() -> broker.core().connectedClients() == 0);

        broker.restart();
        Client watcherAgain = broker.open();
        broker.connect(watcherAgain, v5("watcher", false, 3600));
        broker.advance(Duration.ofSeconds(30));
        assertThat(watcherAgain.connection().poll()).isNull();
        broker.advance(Duration.ofSeconds(30));
        assertThat(watcherAgain.next(Publish.class).topic()).isEqualTo("will/w");
    }
}
