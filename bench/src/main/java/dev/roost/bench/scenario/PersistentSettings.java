package dev.roost.bench.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings shared by the scenarios that work with persistent sessions ({@code connect}, {@code offline},
 * {@code sessions}). Immutable.
 *
 * @param sessionExpirySeconds the 5.0 Session Expiry Interval the clients ask for (3.1.1 sessions never expire)
 * @param keepSessions leave the sessions on the broker at the end instead of discarding them with a clean connect
 * @param duration the bound on the whole run: no new connect starts after it
 */
public record PersistentSettings(long sessionExpirySeconds, boolean keepSessions, Duration duration) {
    public PersistentSettings {
        Objects.requireNonNull(duration, "duration");
        if (sessionExpirySeconds < 1 || sessionExpirySeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("session expiry must be 1 to 4294967295 s: " + sessionExpirySeconds);
        }
    }
}
