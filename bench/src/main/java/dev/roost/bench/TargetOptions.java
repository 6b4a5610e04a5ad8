package dev.roost.bench;

import dev.roost.bench.load.LoadNetwork;
import dev.roost.bench.load.NanoClock;
import dev.roost.bench.measure.Progress;
import dev.roost.bench.scenario.ScenarioContext;
import dev.roost.protocol.MqttVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;

/**
 * The options every scenario shares: which broker, which protocol version, how patient, and how to report. A picocli
 * mixin; filled in by picocli on the command's thread, then read only.
 */
public final class TargetOptions {
    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "1883",
            description = "Broker port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-V", "--version"}, paramLabel = "311|5", defaultValue = "5",
            description = "MQTT version: 311 or 5 (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Event loop threads of the load generator; 0 = one per processor (default).")
    int threads;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Bound on every single network wait: connect with CONNACK, SUBACK, disconnect "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "64",
            description = "Connects outstanding at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Most connects started per second; 0 = no limit (default).")
    double connectRate;

    @Option(names = "--json", description = "Print only the JSON result line on standard output.")
    boolean jsonOnly;

    @Option(names = "--quiet", description = "No progress line on standard error.")
    boolean quiet;

    @Option(names = "--no-color", description = "No ANSI colours in the summary (also when NO_COLOR is set).")
    boolean noColor;

    MqttVersion mqttVersion() {
        return switch (version.trim()) {
            case "5", "5.0" -> MqttVersion.V5;
            case "311", "3.1.1", "4" -> MqttVersion.V3_1_1;
            default -> throw new IllegalArgumentException("--version must be 311 or 5: " + version);
        };
    }

    boolean color() {
        return !noColor && System.getenv("NO_COLOR") == null;
    }

    LoadNetwork network() {
        return new LoadNetwork(host, port, threads, NanoClock.SYSTEM);
    }

    ScenarioContext context(LoadNetwork network, Progress progress) {
        String runId = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
        return new ScenarioContext(network, mqttVersion(), timeout, concurrency, connectRate, progress,
                Clock.systemUTC(), runId);
    }
}
