package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.BrokerSettings.OverflowPolicy;
import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.session.DropReason;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class QueueLimitsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Subscribes {@code s} at QoS 1 to "q", then takes it offline. */
    private static void offlineSubscriber(CoreHarness broker, Qos qos) {
        Client sub = broker.open();
        broker.connect(sub, v5("s", false, 3600));
        broker.subscribe(sub, "q", qos);
        sub.send(Disconnect.NORMAL);
        await().until(() -> broker.core().connectedClients() == 0);
    }

    private static void publishAll(CoreHarness broker, Qos qos, String... payloads) {
        Client pub = broker.open();
        broker.connect(pub, v5("p", true, 0));
        int id = 1;
        for (String p : payloads) {
            pub.send(Publish.of("q", qos, false, qos == Qos.AT_MOST_ONCE ? 0 : id++, bytes(p)));
            if (qos == Qos.AT_LEAST_ONCE) {
                pub.next(PubAck.class);
            }
        }
        pub.sync();
    }

    private static List<String> drain(CoreHarness broker, int expected) {
        Client sub = broker.open();
        broker.connect(sub, v5("s", false, 3600));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            Publish p = sub.next(Publish.class);
            got.add(new String(p.payload(), StandardCharsets.UTF_8));
            if (p.qos() != Qos.AT_MOST_ONCE) {
                sub.send(PubAck.of(p.packetId()));
            }
        }
        sub.sync(); // nothing beyond the expected messages
        return got;
    }

    @Test
    @DisplayName("Queue full under DROP_NEWEST: later messages are dropped and counted, the first ones kept")
    void dropNewest() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).maxQueuedMessages(3).build())) {
            offlineSubscriber(broker, Qos.AT_LEAST_ONCE);
            publishAll(broker, Qos.AT_LEAST_ONCE, "1", "2", "3", "4", "5");
            await().until(() -> broker.core().drops().count(DropReason.QUEUE_FULL) == 2);
            assertThat(drain(broker, 3)).containsExactly("1", "2", "3");
        }
    }

    @Test
    @DisplayName("Queue full under DROP_OLDEST: the oldest queued messages make room, in order")
    void dropOldest() {
        BrokerSettings settings = BrokerSettings.builder().lanes(2).maxQueuedMessages(3)
                .overflowPolicy(OverflowPolicy.DROP_OLDEST).build();
        try (CoreHarness broker = new CoreHarness(settings)) {
            offlineSubscriber(broker, Qos.AT_LEAST_ONCE);
            publishAll(broker, Qos.AT_LEAST_ONCE, "1", "2", "3", "4", "5");
            await().until(() -> broker.core().drops().count(DropReason.QUEUE_FULL) == 2);
            assertThat(drain(broker, 3)).containsExactly("3", "4", "5");
        }
    }

    @Test
    @DisplayName("The byte limit bounds a queue too")
    void byteLimit() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).maxQueuedBytes(10).build())) {
            offlineSubscriber(broker, Qos.AT_LEAST_ONCE);
            publishAll(broker, Qos.AT_LEAST_ONCE, "aaaa", "bbbb", "cccc");
            await().until(() -> broker.core().drops().count(DropReason.QUEUE_FULL) == 1);
            assertThat(drain(broker, 2)).containsExactly("aaaa", "bbbb");
        }
    }

    @Test
    @DisplayName("QoS 0 is not queued for an offline session by default, and the drop is counted")
    void qos0NotQueuedByDefault() {
        try (CoreHarness broker = new CoreHarness()) {
            offlineSubscriber(broker, Qos.AT_MOST_ONCE);
            publishAll(broker, Qos.AT_MOST_ONCE, "x");
            await().until(() -> broker.core().drops().count(DropReason.QOS0_OFFLINE) == 1);
            assertThat(drain(broker, 0)).isEmpty();
        }
    }

    @Test
    @DisplayName("QoS 0 queuing for offline sessions can be switched on")
    void qos0QueuedWhenSwitchedOn() {
        try (CoreHarness broker = new CoreHarness(
                BrokerSettings.builder().lanes(2).queueQos0WhenOffline(true).build())) {
            offlineSubscriber(broker, Qos.AT_MOST_ONCE);
            publishAll(broker, Qos.AT_MOST_ONCE, "x", "y");
            assertThat(drain(broker, 2)).containsExactly("x", "y");
        }
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] A queued message whose expiry interval passes is dropped, not sent")
    void expiredQueuedMessageIsDropped() {
        try (CoreHarness broker = new CoreHarness()) {
            offlineSubscriber(broker, Qos.AT_LEAST_ONCE);
            Client pub = broker.open();
            broker.connect(pub, v5("p", true, 0));
            pub.send(new Publish("q", Qos.AT_LEAST_ONCE, false, false, 1, bytes("short"), 0, List.of(),
                    MessageProperties.NONE.withMessageExpiryIntervalSeconds(10L)));
            pub.next(PubAck.class);
            pub.send(new Publish("q", Qos.AT_LEAST_ONCE, false, false, 2, bytes("long"), 0, List.of(),
                    MessageProperties.NONE.withMessageExpiryIntervalSeconds(100L)));
            pub.next(PubAck.class);
            broker.advance(Duration.ofSeconds(30));

            Client sub = broker.open();
            broker.connect(sub, v5("s", false, 3600));
            Publish p = sub.next(Publish.class);
            assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("long");
            assertThat(p.properties().messageExpiryIntervalSeconds())
                    .as("[MQTT-3.3.2-6] the remaining interval").isEqualTo(70L);
            assertThat(broker.core().drops().count(DropReason.EXPIRED)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("QoS 0 for a connected client that reads slowly waits in its queue and goes out when it can take more")
    void qos0HeldForASlowConsumer() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).maxQueuedMessages(3).build())) {
            Client sub = broker.open();
            broker.connect(sub, v5("slow", true, 0));
            broker.subscribe(sub, "q", Qos.AT_MOST_ONCE);
            sub.connection().writable(false);
            publishAll(broker, Qos.AT_MOST_ONCE, "1", "2", "3", "4");
            await().until(() -> broker.core().drops().count(DropReason.QOS0_SLOW_CONSUMER) == 1);
            assertThat(sub.connection().poll()).as("nothing while the transport is full").isNull();

            sub.connection().writable(true);
            sub.handler().onWritable();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(new String(sub.next(Publish.class).payload(), StandardCharsets.UTF_8));
            }
            assertThat(got).containsExactly("1", "2", "3");
        }
    }
}
