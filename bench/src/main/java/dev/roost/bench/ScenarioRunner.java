package dev.roost.bench;

import dev.roost.bench.load.LoadNetwork;
import dev.roost.bench.measure.Progress;
import dev.roost.bench.measure.RunResult;
import dev.roost.bench.measure.Summary;
import dev.roost.bench.scenario.ScenarioContext;
import dev.roost.bench.scenario.ScenarioFailure;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one scenario for a command: sets up the network and the progress line, prints the readable summary and the
 * JSON result line on standard output, and maps the outcome to the exit code. Stateless.
 *
 * <p>Exit codes: 0 a clean run; 3 the run completed but lost, duplicated or reordered messages; 1 the run could not
 * complete (the message on standard error says why); 2 a usage error (picocli's).
 */
final class ScenarioRunner {
    static final int CLEAN = 0;
    static final int FAILED = 1;
    static final int NOT_CLEAN = 3;

    private ScenarioRunner() {
    }

    static int run(CommandSpec spec, TargetOptions target, Function<ScenarioContext, RunResult> scenario) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean inPlace = System.console() != null;
        try (LoadNetwork network = target.network();
             Progress progress = target.quiet ? Progress.off() : new Progress(System.err, true, inPlace)) {
            RunResult result = scenario.apply(target.context(network, progress)); // the scenario ends its progress
            if (!target.jsonOnly) {
                out.print(Summary.render(result, target.color()));
            }
            out.println(result.toJson());
            out.flush();
            return result.ok() ? CLEAN : NOT_CLEAN;
        } catch (ScenarioFailure | IllegalArgumentException e) {
            err.println(spec.qualifiedName() + ": " + e.getMessage());
            err.flush();
            return FAILED;
        }
    }
}
