package dev.roost.bench.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@code fill} scenario. Immutable.
 *
 * @param sessionExpirySeconds the Session Expiry Interval the sessions ask for (5.0); long enough to outlast a broker
 *     restart
 * @param publishers connections that publish the group messages, each to a contiguous range of groups
 * @param inflight each publisher's QoS 1 window (lowered to the broker's Receive Maximum)
 * @param duration bound on the whole run: no session is created and nothing is published after it
 */
public record FillSettings(FillPlan plan, long sessionExpirySeconds, int payloadSize, int publishers, int inflight,
                           Duration duration) {
    public FillSettings {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(duration, "duration");
        if (sessionExpirySeconds < 1 || sessionExpirySeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("session expiry must be 1 to 4294967295 s: " + sessionExpirySeconds);
        }
        if (publishers < 1 || inflight < 1 || inflight > 65_535) {
            throw new IllegalArgumentException("publishers must be at least 1, inflight 1 to 65535");
        }
    }
}
