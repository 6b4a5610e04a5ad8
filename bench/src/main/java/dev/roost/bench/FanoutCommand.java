package dev.roost.bench;

import dev.roost.bench.scenario.FlowScenario;
import dev.roost.bench.scenario.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench fanout}: one publisher (or a few) to S subscribers of one topic, at a set rate. */
@Command(name = "fanout", sortOptions = false, usageHelpAutoWidth = true,
        description = {"1 publisher -> S subscribers of one topic, at a set rate.",
                "Exit codes: 0 clean run, 3 lost/duplicated/reordered messages, 1 the run could not complete,"
                        + " 2 usage error."})
final class FanoutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FlowOptions flow;

    @Option(names = {"-S", "--subscribers"}, paramLabel = "N", defaultValue = "100",
            description = "Subscribers (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-P", "--publishers"}, paramLabel = "N", defaultValue = "1",
            description = "Publishers, all on the one topic (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "1000",
            description = "Messages per second per publisher; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new FlowScenario("fanout", ctx,
                flow.settings(Topology.FANOUT, publishers, subscribers, rate)).run());
    }
}
