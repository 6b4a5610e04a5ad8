package dev.roost.cli;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.broker.core.store.StoreException;
import dev.roost.cli.config.BrokerConfigReader;
import dev.roost.cli.config.ConfigException;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
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
 * <p>Configuration, last one wins: the defaults, the {@code --config} file, the {@code ROOST_*} environment variables
 * (see {@link BrokerConfigReader}), the flags. A configuration problem prints one line per problem, naming the file
 * and key (or the variable) and what is allowed, and exits with 2 before anything starts.
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
        versionProvider = RoostVersion.class,
        footerHeading = "%nConfiguration:%n",
        footer = {"Defaults, then the --config file, then ROOST_* environment variables, then",
                "these flags: the last one wins. ROOST_LISTENER_PORT sets listener.port: ROOST_",
                "and the key in upper case, with '.' and '-' as '_'. Every key is described in",
                "docs/CONFIG.md.",
                "",
                "Exit status:",
                "  0  stopped by SIGTERM or Ctrl-C, cleanly",
                "  1  the broker could not start (address in use, data directory or store",
                "     unusable)",
                "  2  usage or configuration error (unknown flag or key, value not allowed)",
                "See docs/CLI.md."})
final class BrokerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file: key = value lines (docs/CONFIG.md, docs/roost.conf.example).")
    private Path configFile;

    @Option(names = "--port", paramLabel = "PORT",
            description = "TCP port to listen on; 0 picks a free one (the log says which). Key listener.port, "
                    + "default 1883.")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on. Key listener.bind, default 0.0.0.0 (every IPv4 interface).")
    private String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for the broker's data; created when missing. Key data.dir, default ./data.")
    private Path dataDirectory;

    @Option(names = "--store", paramLabel = "ENGINE",
            description = "Where sessions are kept: ${COMPLETION-CANDIDATES} (case-insensitive). Key store.engine, "
                    + "default rocksdb.")
    private BrokerConfig.StoreEngine store;

    @Option(names = "--durability", paramLabel = "POLICY",
            description = "When the store's writes reach the disk: ${COMPLETION-CANDIDATES} (see docs/DURABILITY.md)."
                    + " Key store.durability, default sync.")
    private DurabilityPolicy durability;

    @Override
    public Integer call() throws InterruptedException {
        BrokerConfig config;
        try {
            config = config(System.getenv());
        } catch (ConfigException e) {
            e.problems().forEach(spec.commandLine().getErr()::println);
            return RoostCommand.USAGE;
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("roost broker: " + e.getMessage());
            return RoostCommand.USAGE;
        }
        RoostBroker broker;
        try {
            broker = RoostBroker.start(config);
        } catch (UncheckedIOException | StoreException e) {
            spec.commandLine().getErr().println("roost broker: " + e.getMessage());
            return RoostCommand.FAILURE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(broker), "roost-shutdown"));
        CountDownLatch untilTheJvmStops = new CountDownLatch(1);
        untilTheJvmStops.await();
        return RoostCommand.OK;
    }

    /**
     * The configuration this command runs with: defaults, file, {@code environment}, then the flags given.
     *
     * @throws ConfigException for a problem in the file or the environment
     * @throws IllegalArgumentException for a flag value out of range
     */
    BrokerConfig config(Map<String, String> environment) {
        BrokerConfigReader.Result read = BrokerConfigReader.read(configFile, environment);
        read.warnings().forEach(LOG::warn);
        if (configFile != null || !read.overriddenBy().isEmpty()) {
            LOG.info("Configuration: {}{}", configFile == null ? "defaults" : configFile,
                    read.overriddenBy().isEmpty() ? "" : ", overridden by " + String.join(", ", read.overriddenBy()));
        }
        BrokerConfig.Builder builder = read.builder();
        if (port != null) {
            builder.port(port);
        }
        if (bind != null) {
            builder.bindAddress(bind);
        }
        if (dataDirectory != null) {
            builder.dataDirectory(dataDirectory);
        }
        if (store != null) {
            builder.storeEngine(store);
        }
        if (durability != null) {
            builder.durability(durability);
        }
        return builder.build();
    }

    /** Runs in the shutdown hook: closes the broker, then ends the JVM with exit code 0. */
    private static void stop(RoostBroker broker) {
        broker.close();
        LOG.info("Roost stopped");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
