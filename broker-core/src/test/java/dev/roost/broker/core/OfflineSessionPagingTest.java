package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static dev.roost.broker.core.fixture.CoreHarness.withReceiveMaximum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.session.OutboundLog;
import dev.roost.broker.core.store.InMemorySessionStore;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An offline session's messages live in the store, not on the heap, and all of them arrive in order when it resumes,
 * within the client's Receive Maximum. Runs on the in-memory store; a store engine's module runs it on its engine by
 * overriding {@link #openStore}.
 */
public class OfflineSessionPagingTest {
    private static final int MESSAGES = 5_000;
    private static final int RECEIVE_MAXIMUM = 10;

    @TempDir
    protected Path dir;
    private SessionStore store;
    private CoreHarness broker;

    /** The store to run on, kept in {@code dir}; closed after the test. */
    protected SessionStore openStore(Path dir) {
        return new InMemorySessionStore();
    }

    @BeforeEach
    void start() {
        store = openStore(dir);
        broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store);
    }

    @AfterEach
    void stop() {
        broker.close();
        store.close();
    }

    private static String text(Publish p) {
        return new String(p.payload(), StandardCharsets.UTF_8);
    }

    private OutboundLog logOf(String clientId) {
        return broker.core().session(clientId).outbound();
    }

    private void offlineSubscriber() {
        Client sub = broker.open();
        broker.connect(sub, v5("s", false, 3600));
        broker.subscribe(sub, "q", Qos.AT_LEAST_ONCE);
        sub.send(Disconnect.NORMAL);
        await().until(() -> broker.core().connectedClients() == 0);
    }

    /** Publishes m0, m1, ... at QoS 1 and waits for every PUBACK. */
    private void publish(int from, int to) {
        Client pub = broker.open();
        broker.connect(pub, v5("p" + from, true, 0));
        for (int i = from; i < to; i++) {
            pub.send(Publish.of("q", Qos.AT_LEAST_ONCE, false, 1 + i % 60_000,
                    ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = from; i < to; i++) {
            pub.next(PubAck.class);
        }
        pub.send(Disconnect.NORMAL);
    }

    private Client resume() {
        Client sub = broker.open();
        assertThat(broker.connect(sub, withReceiveMaximum(v5("s", false, 3600), RECEIVE_MAXIMUM)).sessionPresent())
                .isTrue();
        return sub;
    }

    /** Receives windows of PUBLISH packets, checking that no window exceeds the Receive Maximum, and acks them. */
    private List<String> receiveAll(Client sub, int count) {
        List<String> got = new ArrayList<>();
        while (got.size() < count) {
            List<Publish> window = new ArrayList<>();
            for (int i = 0; i < Math.min(RECEIVE_MAXIMUM, count - got.size()); i++) {
                window.add(sub.next(Publish.class));
            }
            sub.sync(); // fails if the broker sent beyond the window
            assertThat(logOf("s").inMemoryCount()).as("a page and the window at most").isLessThanOrEqualTo(
                    256 + RECEIVE_MAXIMUM);
            for (Publish p : window) {
                got.add(text(p));
                sub.send(PubAck.of(p.packetId()));
            }
        }
        return got;
    }

    private static List<String> payloads(int from, int to) {
        List<String> expected = new ArrayList<>();
        for (int i = from; i < to; i++) {
            expected.add("m" + i);
        }
        return expected;
    }

    @Test
    void anOfflineSessionHoldsNoEntryObjectsAndGetsEveryMessageInOrderOnResume() {
        offlineSubscriber();
        publish(0, MESSAGES);
        await().until(() -> logOf("s").queuedCount() == MESSAGES);
        assertThat(logOf("s").inMemoryCount()).isZero();
        assertThat(logOf("s").spilledCount()).isEqualTo(MESSAGES);

        Client sub = resume();
        assertThat(receiveAll(sub, MESSAGES)).containsExactlyElementsOf(payloads(0, MESSAGES));
        sub.sync();
        assertThat(logOf("s").hasPending()).isFalse();
    }

    @Test
    void inFlightMessagesLeaveTheHeapWithTheConnectionAndAreReplayedWithDupBeforeTheQueue() {
        offlineSubscriber();
        publish(0, 20);
        Client first = resume();
        List<Publish> inflight = new ArrayList<>();
        for (int i = 0; i < RECEIVE_MAXIMUM; i++) {
            inflight.add(first.next(Publish.class));
        }
        first.drop();
        await().until(() -> broker.core().connectedClients() == 0);
        publish(20, 30);
        await().until(() -> logOf("s").queuedCount() == 20);
        assertThat(logOf("s").inMemoryCount()).isZero();

        Client again = resume();
        for (Publish was : inflight) {
            Publish replayed = again.next(Publish.class);
            assertThat(replayed.dup()).isTrue();
            assertThat(replayed.packetId()).isEqualTo(was.packetId());
            assertThat(text(replayed)).isEqualTo(text(was));
        }
        again.sync(); // the window is full with the replayed ones
        for (Publish was : inflight) {
            again.send(PubAck.of(was.packetId()));
        }
        assertThat(receiveAll(again, 20)).containsExactlyElementsOf(payloads(10, 30));
    }
}
