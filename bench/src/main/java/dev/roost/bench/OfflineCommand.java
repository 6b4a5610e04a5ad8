package dev.roost.bench;

import dev.roost.bench.scenario.OfflineScenario;
import dev.roost.protocol.Qos;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench offline}: messages queued for offline persistent sessions, then drained. */
@Command(name = "offline", sortOptions = false, usageHelpAutoWidth = true,
        description = {"S persistent subscribers go offline, K messages are published to each, then all reconnect:"
                + " publish rate and drain time.",
                "Exit codes: 0 clean run, 3 lost/duplicated/reordered messages, 1 the run could not complete,"
                        + " 2 usage error."})
final class OfflineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    SessionOptions sessions;

    @Option(names = {"-S", "--subscribers"}, paramLabel = "N", defaultValue = "100",
            description = "Offline subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-m", "--messages"}, paramLabel = "K", defaultValue = "1000",
            description = "Messages queued for each subscriber (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = {"-q", "--qos"}, paramLabel = "1|2", defaultValue = "1",
            description = "QoS of the messages and subscriptions (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Payload size; at least 24 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "256",
            description = "The publisher's QoS 1/2 window (default: ${DEFAULT-VALUE}).")
    int inflight;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the reconnected subscribers may take to drain (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new OfflineScenario(ctx, subscribers, messages, Qos.of(qos),
                size, inflight, drainTimeout, sessions.settings()).run());
    }
}
