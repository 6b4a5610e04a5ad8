package dev.roost.bench;

import dev.roost.bench.scenario.DrainScenario;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench drain}: a sample of a {@code fill}'s sessions resume and must get exactly their M messages. */
@Command(name = "drain", sortOptions = false, usageHelpAutoWidth = true,
        description = {"A random sample of the sessions a 'fill' left (same --sessions, --messages, --group-size,"
                + " --prefix) resume; each must receive exactly its M messages, once and in order.",
                "Exit codes: 0 every sampled session complete, 3 messages lost, duplicated or reordered, 1 the run"
                        + " could not complete, 2 usage error."})
final class DrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FillPlanOptions plan;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "1000",
            description = "Sessions to resume and check; all when N >= --sessions (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the random sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long the resumed sessions may take to receive everything (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new DrainScenario(ctx, plan.plan(), sample, seed,
                plan.sessionExpirySeconds, drainTimeout).run());
    }
}
