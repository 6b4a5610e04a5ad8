package dev.roost.bench;

import dev.roost.bench.scenario.ConnectScenario;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench connect}: N persistent clients connect, disconnect and reconnect. */
@Command(name = "connect", sortOptions = false, usageHelpAutoWidth = true,
        description = {"N clients with persistent sessions connect, disconnect and reconnect: connects/s, resumes/s,"
                + " share of resumes with Session Present 1.",
                "Exit codes: 0 clean run, 3 failed connects or lost sessions, 1 the run could not complete,"
                        + " 2 usage error."})
final class ConnectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    SessionOptions sessions;

    @Option(names = {"-n", "--clients"}, paramLabel = "N", defaultValue = "1000",
            description = "Clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--warmup-clients", paramLabel = "N", defaultValue = "100",
            description = "Clean clients that connect and disconnect first, unmeasured (default: ${DEFAULT-VALUE}).")
    int warmupClients;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Override
    public Integer call() {
        return ScenarioRunner.run(spec, target, ctx -> new ConnectScenario(ctx, clients, warmupClients,
                sessions.settings()).run());
    }
}
