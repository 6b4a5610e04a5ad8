package dev.roost.bench;

import dev.roost.bench.scenario.FillPlan;
import picocli.CommandLine.Option;

/**
 * The options that describe a fill ({@code fill} and {@code drain} must be given the same ones); a picocli mixin.
 */
public final class FillPlanOptions {
    @Option(names = {"-n", "--sessions"}, paramLabel = "N", defaultValue = "10000",
            description = "Persistent sessions <prefix>-0 to <prefix>-(N-1) (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = {"-m", "--messages"}, paramLabel = "M", defaultValue = "10",
            description = "Messages queued for each session (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--group-size", paramLabel = "N", defaultValue = "100",
            description = "Sessions sharing one topic <prefix>/g/<group>, so one publish queues N entries "
                    + "(default: ${DEFAULT-VALUE}).")
    int groupSize;

    @Option(names = "--prefix", paramLabel = "WORD", defaultValue = "rec",
            description = "Start of the client ids and topics (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--session-expiry", paramLabel = "SECONDS", defaultValue = "604800",
            description = "Session Expiry Interval the sessions ask for, MQTT 5 (default: ${DEFAULT-VALUE}, a week).")
    long sessionExpirySeconds;

    FillPlan plan() {
        return new FillPlan(prefix, sessions, messages, groupSize);
    }
}
