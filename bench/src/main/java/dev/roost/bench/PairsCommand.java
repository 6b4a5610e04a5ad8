package dev.roost.bench;

import dev.roost.bench.scenario.FlowScenario;
import dev.roost.bench.scenario.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench pairs}: P publisher/subscriber pairs, each on a topic of its own. */
@Command(name = "pairs", sortOptions = false, usageHelpAutoWidth = true,
        description = {"P publisher/subscriber pairs on distinct topics, open loop (as fast as the broker takes them)"
                + " or closed loop (--max-ahead).", "Exit codes: 0 clean run, 3 lost/duplicated/reordered messages,"
                + " 1 the run could not complete, 2 usage error."})
final class PairsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FlowOptions flow;

    @Option(names = {"-P", "--pairs"}, paramLabel = "N", defaultValue = "4",
            description = "Publisher/subscriber pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Messages per second per publisher; 0 = as fast as possible (default).")
    double rate;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new FlowScenario("pairs", ctx,
                flow.settings(Topology.PAIRS, pairs, pairs, rate)).run());
    }
}
