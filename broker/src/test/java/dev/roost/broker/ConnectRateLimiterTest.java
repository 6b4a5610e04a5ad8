package dev.roost.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConnectRateLimiterTest {

    /** A clock the test moves by hand. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final SteppedClock clock = new SteppedClock();

    @Test
    void admitsOneSecondsWorthAtOnceThenRefuses() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(3, clock);
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void refillsInProportionToElapsedTime() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(10, clock);
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire();
        }
        clock.advance(Duration.ofMillis(250));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void neverHoldsMoreThanOneSecondsWorth() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(2, clock);
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void aClockThatStepsBackRefillsNothing() {
        ConnectRateLimiter limiter = new ConnectRateLimiter(1, clock);
        limiter.tryAcquire();
        clock.advance(Duration.ofSeconds(-5));
        assertThat(limiter.tryAcquire()).isFalse();
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new ConnectRateLimiter(0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
