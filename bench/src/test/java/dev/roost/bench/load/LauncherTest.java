package dev.roost.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LauncherTest {
    private final AtomicLong now = new AtomicLong();
    private final List<CompletableFuture<String>> started = new ArrayList<>();

    private Launcher<String> launcher(int count, int concurrency, long deadline) {
        return new Launcher<>(count, concurrency, 0, deadline, now::get, i -> {
            CompletableFuture<String> f = new CompletableFuture<>();
            started.add(f);
            return f;
        });
    }

    @Test
    void keepsAtMostTheConcurrencyOutstandingAndStartsTheNextOnCompletion() {
        CompletableFuture<List<Launcher.Outcome<String>>> done = launcher(5, 2, Long.MAX_VALUE).start();
        assertThat(started).hasSize(2);

        started.get(0).complete("a");
        assertThat(started).hasSize(3);
        started.get(1).completeExceptionally(new IOException("refused"));
        started.get(2).complete("c");
        started.get(3).complete("d");
        assertThat(done).isNotDone();
        started.get(4).complete("e");

        List<Launcher.Outcome<String>> outcomes = done.join();
        assertThat(outcomes).extracting(Launcher.Outcome::value).containsExactly("a", null, "c", "d", "e");
        assertThat(outcomes.get(1).error()).hasMessage("refused");
        assertThat(outcomes.get(1).started()).isTrue();
    }

    @Test
    void startsNothingMoreOnceTheDeadlinePassed() {
        CompletableFuture<List<Launcher.Outcome<String>>> done = launcher(4, 1, 100).start();
        now.set(101);
        started.get(0).complete("a");

        List<Launcher.Outcome<String>> outcomes = done.join();
        assertThat(started).hasSize(1);
        assertThat(outcomes.get(0).succeeded()).isTrue();
        assertThat(outcomes.subList(1, 4)).noneMatch(Launcher.Outcome::started);
    }

    @Test
    void anEmptyRunIsDoneAtOnce() {
        assertThat(launcher(0, 1, Long.MAX_VALUE).start()).isCompletedWithValue(List.of());
    }
}
