package dev.roost.broker.core.lane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real time, short delays: tasks run by deadline, cancelled ones never, and the heap forgets them at once. */
class DeadlineSchedulerTest {
    private final DeadlineScheduler scheduler = new DeadlineScheduler();

    @AfterEach
    void close() {
        scheduler.close();
    }

    @Test
    void runsTasksInDeadlineOrder() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        scheduler.schedule(Duration.ofMillis(300), () -> ran.add(300));
        scheduler.schedule(Duration.ofMillis(100), () -> ran.add(100));
        scheduler.schedule(Duration.ofMillis(200), () -> ran.add(200));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 3);
        assertThat(ran).containsExactly(100, 200, 300);
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void tasksDueTogetherRunInTheOrderTheyWereScheduled() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 200; i++) {
            int task = i;
            scheduler.schedule(Duration.ZERO, () -> ran.add(task));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 200);
        assertThat(ran).isSorted();
    }

    @Test
    void aCancelledTaskNeverRunsAndLeavesTheQueueAtOnce() {
        AtomicInteger cancelledRuns = new AtomicInteger();
        AtomicInteger laterRuns = new AtomicInteger();
        Scheduler.Cancellable farAway = scheduler.schedule(Duration.ofDays(1), cancelledRuns::incrementAndGet);
        Scheduler.Cancellable soon = scheduler.schedule(Duration.ofMillis(30), cancelledRuns::incrementAndGet);
        scheduler.schedule(Duration.ofMillis(90), laterRuns::incrementAndGet);

        farAway.cancel();
        soon.cancel();
        soon.cancel();
        assertThat(scheduler.pendingCount()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> laterRuns.get() == 1);
        assertThat(cancelledRuns).hasValue(0);
        farAway.cancel();
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void aFailingTaskDoesNotStopLaterOnes() {
        AtomicInteger ran = new AtomicInteger();
        scheduler.schedule(Duration.ZERO, () -> {
            throw new IllegalStateException("deliberate");
        });
        scheduler.schedule(Duration.ofMillis(10), ran::incrementAndGet);

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);
    }

    @Test
    void aDelayBeyondTheRangeOfNanosecondsIsKeptForLater() {
        AtomicInteger ran = new AtomicInteger();
        scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), ran::incrementAndGet);
        scheduler.schedule(Duration.ofMillis(-5), ran::incrementAndGet);

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.get() == 1);
        assertThat(scheduler.pendingCount()).isEqualTo(1);
    }

    @Test
    void manyTimersCancelledAtRandomRunExactlyTheOthers() {
        Random random = new Random(5);
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        List<Scheduler.Cancellable> timers = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            int task = i;
            timers.add(scheduler.schedule(Duration.ofMillis(250 + random.nextInt(200)), () -> ran.add(task)));
        }
        Set<Integer> cancelled = new HashSet<>();
        for (int i = 0; i < 5_000; i += 2) {
            timers.get(i).cancel();
            cancelled.add(i);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2_500);
        assertThat(ran).doesNotContainAnyElementsOf(cancelled);
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void closeDropsWaitingTasksAndRefusesNewOnes() {
        scheduler.schedule(Duration.ofDays(1), () -> { });

        scheduler.close();

        assertThat(scheduler.pendingCount()).isZero();
        assertThatThrownBy(() -> scheduler.schedule(Duration.ZERO, () -> { }))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
