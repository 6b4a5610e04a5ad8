package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The identity-based reuse and the counts of docs/DURABILITY.md, "A payload stored once". */
class MessageRefsTest {
    private final MessageRefs refs = new MessageRefs();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    private static ApplicationMessage message() {
        return new ApplicationMessage("t", new byte[4], Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "p", null);
    }

    @Test
    void theSameObjectReusesItsIdAndAnEqualOneDoesNot() {
        ApplicationMessage m = message();
        MessageRefs.Ref first = refs.acquire(m, 2);
        refs.stored(first);

        MessageRefs.Ref again = refs.acquire(m, 1);
        MessageRefs.Ref other = refs.acquire(message(), 1);

        assertThat(again.id).isEqualTo(first.id);
        assertThat(again.isStored()).isTrue();
        assertThat(other.id).isNotEqualTo(first.id);
        assertThat(other.isStored()).isFalse();
        assertThat(refs.size()).isEqualTo(2);
    }

    @Test
    void aCountThatReachedZeroIsFinalAndTheObjectGetsAFreshId() {
        ApplicationMessage m = message();
        MessageRefs.Ref ref = refs.acquire(m, 2);
        refs.stored(ref);

        assertThat(refs.release(ref, 1)).isFalse();
        assertThat(refs.release(ref, 1)).isTrue();
        assertThat(refs.ref(ref.id)).isNull();

        MessageRefs.Ref fresh = refs.acquire(m, 1);
        assertThat(fresh.id).isGreaterThan(ref.id);
        assertThat(fresh.isStored()).isFalse();
    }

    @Test
    void restoreUndoesAFailedReleaseAndTheIdIsReusedAgain() {
        ApplicationMessage m = message();
        MessageRefs.Ref ref = refs.acquire(m, 1);
        refs.stored(ref);
        assertThat(refs.release(ref, 1)).isTrue();

        refs.restore(ref, 1);

        assertThat(refs.ref(ref.id)).isNotNull();
        assertThat(refs.acquire(m, 1).id).isEqualTo(ref.id);
    }

    @Test
    void releaseTellsWhetherAnotherWriterStoredThePayloadMeanwhile() {
        ApplicationMessage m = message();
        MessageRefs.Ref failing = refs.acquire(m, 1);
        MessageRefs.Ref succeeding = refs.acquire(m, 1);
        refs.stored(succeeding);
        assertThat(refs.release(succeeding, 1)).isFalse(); // its entry was acknowledged and deleted

        assertThat(refs.release(failing, 1)).isTrue();
        assertThat(failing.isStored()).as("the payload is on disk: the failed writer must delete it").isTrue();
    }

    @Test
    void releasingMoreThanAcquiredFails() {
        MessageRefs.Ref ref = refs.acquire(message(), 1);

        assertThatThrownBy(() -> refs.release(ref, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startUpCountsAndLoadedObjectsReuseTheStoredIds() {
        refs.counted(41);
        refs.counted(41);
        refs.seen(50);
        ApplicationMessage loaded = message();
        ApplicationMessage loadedAgain = message();
        refs.register(41, loaded);
        refs.register(41, loadedAgain);
        refs.register(42, message()); // nothing refers to 42: not registered

        assertThat(refs.acquire(loaded, 1).id).isEqualTo(41);
        assertThat(refs.acquire(loadedAgain, 1).id).isEqualTo(41);
        assertThat(refs.acquire(message(), 1).id).as("after the highest id seen").isEqualTo(51);
        MessageRefs.Ref ref = refs.ref(41);
        assertThat(ref.isStored()).isTrue();
        assertThat(refs.release(ref, 4)).isTrue();
    }

    @Test
    void clearForgetsCountsAndObjectsButIdsKeepIncreasing() {
        ApplicationMessage m = message();
        long id = refs.acquire(m, 1).id;

        refs.clear();

        assertThat(refs.size()).isZero();
        assertThat(refs.ref(id)).isNull();
        assertThat(refs.acquire(m, 1).id).isGreaterThan(id);
    }

    @Test
    void concurrentFanOutsAndAcksKeepEveryCountExact() throws Exception {
        int threads = 4;
        int rounds = 20_000;
        List<ApplicationMessage> shared = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            shared.add(message());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            workers.add(executor.submit(() -> {
                start.await();
                for (int r = 0; r < rounds; r++) {
                    ApplicationMessage m = shared.get((r + seed) % shared.size());
                    MessageRefs.Ref ref = refs.acquire(m, 3);
                    refs.stored(ref);
                    assertThat(refs.release(ref, 1)).isFalse();
                    // The last release may take the count to 0 while another thread holds none: then that id is
                    // final, and the next acquire of the object must get a fresh one.
                    boolean last = refs.release(ref, 2);
                    if (last) {
                        assertThat(refs.ref(ref.id)).isNull();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        assertThat(refs.size()).isZero();
    }
}
