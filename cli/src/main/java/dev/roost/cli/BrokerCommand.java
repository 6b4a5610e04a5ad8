package dev.roost.cli;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.broker.core.store.StoreException;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roost broker}: runs a broker in the foreground until the process is told to stop (SIGTERM, or SIGINT from
 * Ctrl-C).
 *
 * <p>Stopping: a shutdown hook closes the broker (clients are told, connections closed, threads stopped), logs
 * "Roost stopped" and ends the JVM with exit code 0. The JVM would otherwise report 143 or 130 (128 + the signal) for
 * a stop that was asked for and went cleanly, which service managers read as a failure; so the hook halts the JVM
 * itself once the broker is closed. When closing fails, the hook lets the JVM end as it would.
 *
 * <p>A start that fails (the port is in use, the data directory cannot be created) prints one line naming the address
 * or path and the reason to standard error and exits with 1.
 */
@Command(name = "broker",
        description = "Run an MQTT broker in the foreground until SIGTERM or Ctrl-C.",
        mixinStandardHelpOptions = true,
        versionProvider = RoostVersion.class)
final class BrokerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "1883",
            description = "TCP port to listen on; 0 picks a free one (the log says which). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (every IPv4 interface).")
    private String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Directory for the broker's data; created when missing. Default: ${DEFAULT-VALUE}.")
    private Path dataDirectory;

    @Option(names = "--store", paramLabel = "ENGINE", defaultValue = "ROCKSDB",
            description = "Where sessions are kept: ${COMPLETION-CANDIDATES} (case-insensitive). "
                    + "Default: ${DEFAULT-VALUE}.")
    private BrokerConfig.StoreEngine store;

    @Option(names = "--durability", paramLabel = "POLICY", defaultValue = "SYNC",
            description = "When the store's writes reach the disk: ${COMPLETION-CANDIDATES} (see docs/DURABILITY.md). "
                    + "Default: ${DEFAULT-VALUE}.")
    private DurabilityPolicy durability;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (not supported yet).")
    private Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        if (configFile != null) {
            spec.commandLine().getErr().println("roost broker: --config is not supported yet; use --port, --bind and "
                    + "--data-dir (" + configFile + " was not read)");
            return 2;
        }
        BrokerConfig config;
        try {
            config = BrokerConfig.builder().port(port).bindAddress(bind).dataDirectory(dataDirectory)
                    .storeEngine(store).durability(durability).build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("roost broker: " + e.getMessage());
            return 2;
        }
        RoostBroker broker;
        try {
            broker = RoostBroker.start(config);
        } catch (UncheckedIOException | StoreException e) {
            spec.commandLine().getErr().println("roost broker: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker), "roost-shutdown"));
        CountDownLatch untilTheJvmStops = new CountDownLatch(1);
        untilTheJvmStops.await();
        return 0;
    }

    /** Runs in the shutdown hook: closes the broker, then ends the JVM with exit code 0. */
    private static void stop(RoostBroker broker) {
        broker.close();
        LOG.info("Roost stopped");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
