package dev.roost.broker.core.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.RecordingConnection;
import dev.roost.broker.core.store.StoreException;
import dev.roost.protocol.packet.PubAck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Lanes run work in batches and send a batch's output only after its durability barrier returned. */
class LanesTest {
    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).as("latch released within 5 s").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aBatchsOutputLeavesOnlyAfterTheBarrierReturned() {
        CountDownLatch inBarrier = new CountDownLatch(1);
        CountDownLatch releaseBarrier = new CountDownLatch(1);
        RecordingConnection transport = new RecordingConnection();
        try (Lanes lanes = new Lanes(1, "test-lane", () -> {
            inBarrier.countDown();
            awaitLatch(releaseBarrier);
        })) {
            GatedConnection connection = new GatedConnection(transport, lanes);
            lanes.execute("c", () -> connection.send(PubAck.of(1)));
            awaitLatch(inBarrier);
            assertThat(transport.poll()).as("nothing sent while the batch is not durable").isNull();
            releaseBarrier.countDown();
            assertThat(transport.next(PubAck.class).packetId()).isEqualTo(1);
        }
    }

    @Test
    void workQueuedDuringABatchSharesOneBarrierAndKeepsItsOrder() {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger barriers = new AtomicInteger();
        RecordingConnection transport = new RecordingConnection();
        try (Lanes lanes = new Lanes(1, "test-lane", barriers::incrementAndGet)) {
            GatedConnection connection = new GatedConnection(transport, lanes);
            lanes.execute("c", () -> {
                firstRunning.countDown();
                awaitLatch(releaseFirst);
            });
            awaitLatch(firstRunning);
            for (int id = 1; id <= 100; id++) {
                int packetId = id;
                lanes.execute("c", () -> connection.send(PubAck.of(packetId)));
            }
            releaseFirst.countDown();
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add(transport.next(PubAck.class).packetId());
            }
            assertThat(ids).isSortedAccordingTo(Integer::compare).hasSize(100).startsWith(1).endsWith(100);
            assertThat(barriers.get()).as("one barrier for the first task, one for the 100 queued behind it")
                    .isEqualTo(2);
        }
    }

    @Test
    void aBatchThatCannotBeMadeDurableClosesItsConnectionsWithoutSending() {
        AtomicBoolean failing = new AtomicBoolean(true);
        RecordingConnection transport = new RecordingConnection();
        RecordingConnection bystander = new RecordingConnection();
        try (Lanes lanes = new Lanes(1, "test-lane", () -> {
            if (failing.get()) {
                throw new StoreException("Input/output error (simulated)");
            }
        })) {
            GatedConnection connection = new GatedConnection(transport, lanes);
            lanes.execute("c", () -> connection.send(PubAck.of(1)));
            await().until(transport::isClosed);
            assertThat(transport.poll()).as("no acknowledgement").isNull();

            failing.set(false);
            GatedConnection other = new GatedConnection(bystander, lanes);
            lanes.execute("c", () -> other.send(PubAck.of(2)));
            assertThat(bystander.next(PubAck.class).packetId()).as("the lane carries on").isEqualTo(2);
            assertThat(bystander.isClosed()).isFalse();
        }
    }

    @Test
    void aCloseFromALaneWaitsBehindWhatWasSentBeforeIt() {
        RecordingConnection transport = new RecordingConnection();
        try (Lanes lanes = new Lanes(1, "test-lane", () -> { })) {
            GatedConnection connection = new GatedConnection(transport, lanes);
            lanes.execute("c", () -> {
                connection.send(PubAck.of(1));
                connection.close();
                connection.send(PubAck.of(2)); // after the close: dropped, as on a closed transport
            });
            assertThat(transport.next(PubAck.class).packetId()).isEqualTo(1);
            await().until(transport::isClosed);
            assertThat(transport.poll()).isNull();
        }
    }

    @Test
    void outputProducedOffTheLanesIsSentAtOnce() {
        RecordingConnection transport = new RecordingConnection();
        AtomicInteger barriers = new AtomicInteger();
        try (Lanes lanes = new Lanes(1, "test-lane", barriers::incrementAndGet)) {
            new GatedConnection(transport, lanes).send(PubAck.of(7));
            assertThat(transport.poll()).isEqualTo(PubAck.of(7));
            assertThat(barriers.get()).isZero();
        }
    }

    @Test
    void closingRunsWhatWasHandedOverAndSendsItsOutput() {
        RecordingConnection transport = new RecordingConnection();
        Lanes lanes = new Lanes(2, "test-lane", () -> { });
        GatedConnection connection = new GatedConnection(transport, lanes);
        for (int id = 1; id <= 50; id++) {
            int packetId = id;
            lanes.execute("c", () -> connection.send(PubAck.of(packetId)));
        }
        lanes.close();
        for (int id = 1; id <= 50; id++) {
            assertThat(transport.poll()).isEqualTo(PubAck.of(id));
        }
    }
}
