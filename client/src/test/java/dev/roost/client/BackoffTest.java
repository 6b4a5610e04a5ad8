package dev.roost.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleUpToTheMaximumAndStayBetweenHalfAndAllOfTheStep() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new Random(42));
        long[] steps = {100, 200, 400, 800, 1000, 1000};

        for (long step : steps) {
            assertThat(backoff.next().toMillis()).isBetween(step / 2, step);
        }
    }

    @Test
    void aResetStartsFromTheInitialDelayAgain() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(1));
        for (int i = 0; i < 5; i++) {
            backoff.next();
        }

        backoff.reset();

        assertThat(backoff.next().toMillis()).isBetween(50L, 100L);
    }

    @Test
    void twoClientsCutOffTogetherDoNotComeBackTogether() {
        Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(7));
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(8));

        assertThat(a.next()).isNotEqualTo(b.next());
    }
}
