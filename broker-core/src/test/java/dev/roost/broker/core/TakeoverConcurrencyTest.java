package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Disconnect;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.Publish;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Takeovers of a subscriber's session while a publisher sends QoS 1 at full speed: nothing is lost, and duplicates stay
 * within what QoS 1 allows (only messages in flight at a takeover may come twice).
 */
class TakeoverConcurrencyTest {
    private static final int MESSAGES = 5_000;
    private static final int TAKEOVERS = 20;
    private static final int RECEIVE_MAXIMUM = 32;

    @Test
    @DisplayName("[MQTT-3.1.4-3][MQTT-4.4.0-1] Takeovers during a QoS 1 stream lose nothing; duplicates only in flight")
    void takeoversDuringQos1StreamLoseNothing() throws Exception {
        ConcurrentHashMap<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        ExecutorService readers = Executors.newCachedThreadPool();
        try (CoreHarness broker = new CoreHarness()) {
            List<Future<?>> running = new ArrayList<>();
            running.add(readers.submit(reader(broker, seen, true)));

            Client pub = broker.open();
            broker.connect(pub, v5("publisher", true, 0));
            Future<?> publishing = readers.submit(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    pub.send(Publish.of("stream", Qos.AT_LEAST_ONCE, false, i % 65535 + 1,
                            ByteBuffer.allocate(4).putInt(i).array()));
                }
            });
            for (int t = 0; t < TAKEOVERS; t++) {
                int before = seen.size();
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() > before || seen.size() == MESSAGES);
                running.add(readers.submit(reader(broker, seen, false)));
            }
            publishing.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == MESSAGES);

            int duplicates = seen.values().stream().mapToInt(c -> c.get() - 1).sum();
            assertThat(seen).hasSize(MESSAGES);
            assertThat(duplicates).as("only messages in flight at a takeover may come again")
                    .isLessThanOrEqualTo(TAKEOVERS * RECEIVE_MAXIMUM);
            assertThat(broker.core().connectedClients()).isEqualTo(2);
        } finally {
            readers.shutdownNow();
            assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A subscriber connection that acknowledges everything until it is taken over. */
    private static Runnable reader(CoreHarness broker, ConcurrentHashMap<Integer, AtomicInteger> seen,
                                   boolean subscribe) {
        Client sub = broker.open();
        ConnAck ack = broker.connect(sub, CoreHarness.withReceiveMaximum(v5("subscriber", false, 3600),
                RECEIVE_MAXIMUM));
        if (subscribe) {
            broker.subscribe(sub, "stream", Qos.AT_LEAST_ONCE);
        } else {
            assertThat(ack.sessionPresent()).isTrue();
        }
        return () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Packet p = sub.connection().poll();
                if (p == null) {
                    if (sub.connection().isClosed()) {
                        return;
                    }
                    Thread.onSpinWait();
                    continue;
                }
                if (p instanceof Publish publish) {
                    seen.computeIfAbsent(ByteBuffer.wrap(publish.payload()).getInt(), k -> new AtomicInteger())
                            .incrementAndGet();
                    sub.send(PubAck.of(publish.packetId()));
                } else if (p instanceof Disconnect) {
                    return;
                }
            }
        };
    }
}
