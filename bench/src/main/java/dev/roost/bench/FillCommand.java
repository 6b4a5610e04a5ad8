package dev.roost.bench;

import dev.roost.bench.scenario.FillScenario;
import dev.roost.bench.scenario.FillSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench fill}: N offline persistent sessions with M queued QoS 1 messages each, left on the broker. */
@Command(name = "fill", sortOptions = false, usageHelpAutoWidth = true,
        description = {"N persistent sessions, in groups sharing a topic, subscribe at QoS 1 and go offline; then M"
                + " messages are published to every group: N x M queued messages stay on the broker for 'drain'.",
                "Exit codes: 0 every entry acknowledged, 3 sessions or publishes failed, 1 the run could not"
                        + " complete, 2 usage error."})
final class FillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FillPlanOptions plan;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Payload size; at least 24, the stamp (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-P", "--publishers"}, paramLabel = "N", defaultValue = "4",
            description = "Publishers, each over a range of groups (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "256",
            description = "Each publisher's QoS 1 window (default: ${DEFAULT-VALUE}).")
    int inflight;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "30m",
            converter = DurationConverter.class,
            description = "Bound on the run: no session is created, nothing published after it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new FillScenario(ctx, new FillSettings(plan.plan(),
                plan.sessionExpirySeconds, size, publishers, inflight, duration)).run());
    }
}
