package dev.roost.bench;

import dev.roost.bench.scenario.PersistentSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the scenarios with persistent sessions ({@code connect}, {@code offline}, {@code sessions}). */
public final class SessionOptions {
    @Option(names = "--session-expiry", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Session Expiry Interval the clients ask for, MQTT 5 (default: ${DEFAULT-VALUE}).")
    long sessionExpirySeconds;

    @Option(names = "--keep-sessions",
            description = "Leave the sessions on the broker at the end (default: discard them with a clean connect).")
    boolean keepSessions;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "120s",
            converter = DurationConverter.class,
            description = "Bound on the run: no connect starts, no message is published after it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration duration;

    PersistentSettings settings() {
        return new PersistentSettings(sessionExpirySeconds, keepSessions, duration);
    }
}
