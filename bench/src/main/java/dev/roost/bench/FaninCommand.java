package dev.roost.bench;

import dev.roost.bench.scenario.FlowScenario;
import dev.roost.bench.scenario.Topology;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench fanin}: P publishers, each on a topic of its own, to one subscriber of all of them. */
@Command(name = "fanin", sortOptions = false, usageHelpAutoWidth = true,
        description = {"P publishers -> 1 subscriber (a '+' wildcard over the publishers' topics).",
                "Exit codes: 0 clean run, 3 lost/duplicated/reordered messages, 1 the run could not complete,"
                        + " 2 usage error."})
final class FaninCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    FlowOptions flow;

    @Option(names = {"-P", "--publishers"}, paramLabel = "N", defaultValue = "10",
            description = "Publishers (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = {"-S", "--subscribers"}, paramLabel = "N", defaultValue = "1",
            description = "Subscribers, each of all the publishers' topics (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Messages per second per publisher; 0 = as fast as possible (default).")
    double rate;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new FlowScenario("fanin", ctx,
                flow.settings(Topology.FANIN, publishers, subscribers, rate)).run());
    }
}
