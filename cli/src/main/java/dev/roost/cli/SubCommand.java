package dev.roost.cli;

import dev.roost.client.SubscribeResult;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.topic.Topics;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roost sub}: subscribes and prints each message it receives on its own line, as mosquitto_sub does (see
 * {@link MessagePrinter}), until {@code -C} messages have arrived, {@code -W} seconds have passed, the connection is
 * lost, or it is stopped (Ctrl-C, SIGTERM: it disconnects cleanly and exits with 0).
 *
 * <p>With {@code -c -i ID} the session outlives the run: the broker queues what arrives meanwhile and the next
 * {@code roost sub -c -i ID} receives it (see {@link ClientOptions}).
 *
 * <p>Runs on the thread that calls it; the messages are printed on the client's I/O thread.
 */
@Command(name = "sub",
        description = "Subscribe to topic filters and print each message received on its own line (like "
                + "mosquitto_sub).",
        versionProvider = RoostVersion.class,
        sortOptions = false,
        footerHeading = "%nExit status:%n",
        footer = {"  0  -C messages printed, or stopped by Ctrl-C or SIGTERM",
                "  1  cannot connect, connection refused (CONNACK), every subscription",
                "     refused, connection lost, or session store unusable (for example",
                "     the -i session is in use by another roost process)",
                "  2  usage error (unknown flag, value out of range, -c without -i)",
                " 27  -W seconds passed first (as mosquitto_sub)",
                "See docs/CLI.md."})
final class SubCommand implements Callable<Integer> {
    private static final String NAME = "roost sub";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-t", "--topic"}, paramLabel = "FILTER", required = true,
            description = "Topic filter to subscribe to (+ and # wildcards); repeat for several.")
    private List<String> filters;

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", defaultValue = "0",
            description = "Subscription QoS: 0, 1 or 2. Default: ${DEFAULT-VALUE}.")
    private int qos;

    @Option(names = {"-C", "--count"}, paramLabel = "COUNT",
            description = "Exit after printing this many messages.")
    private Long count;

    @Option(names = {"-W", "--timeout"}, paramLabel = "SECONDS",
            description = "Exit with 27 after this many seconds (counted from the start) if still running.")
    private Integer timeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Print the topic, a space, then the payload.")
    private boolean verbose;

    @Option(names = "-N", description = "No newline after each payload.")
    private boolean noNewline;

    @Mixin
    private ClientOptions options;

    private final PrintStream out;

    SubCommand() {
        this(System.out);
    }

    /** @param out where the messages go (standard output) */
    SubCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        validate();
        ClientLogging.toStandardError();
        PrintWriter err = spec.commandLine().getErr();
        Qos subscriptionQos = Qos.of(qos);
        MessagePrinter printer = new MessagePrinter(out, verbose, !noNewline, count == null ? Long.MAX_VALUE : count);
        CommandClient client;
        try {
            client = CommandClient.open(options, printer, err, NAME);
        } catch (CommandFailure e) {
            return report(e, err);
        }
        printer.countReached().thenRun(() -> client.end(RoostCommand.OK));
        if (timeoutSeconds != null) {
            client.endAfter(Duration.ofSeconds(timeoutSeconds), RoostCommand.TIMED_OUT,
                    "timed out after " + timeoutSeconds + " s");
        }
        Thread stopper = new Thread(() -> stopOnSignal(client), "roost-sub-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            List<CompletableFuture<SubscribeResult>> subscribed = new ArrayList<>();
            for (String filter : filters) {
                subscribed.add(client.client().subscribe(Subscription.of(filter, subscriptionQos), printer));
            }
            client.connect();
            checkGranted(client, subscribed);
            return client.awaitEnd();
        } catch (CommandFailure e) {
            return report(e, err);
        } finally {
            removeHook(stopper);
            client.close();
        }
    }

    private void validate() {
        options.validate();
        if (qos < 0 || qos > 2) {
            throw new ParameterException(spec.commandLine(), "-q must be 0, 1 or 2: " + qos);
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "-C must be at least 1: " + count);
        }
        if (timeoutSeconds != null && timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "-W must be at least 1 second: " + timeoutSeconds);
        }
        for (String filter : filters) {
            try {
                Topics.validateTopicFilter(filter);
            } catch (ProtocolViolation e) {
                throw new ParameterException(spec.commandLine(), "-t '" + filter + "' is not a topic filter: "
                        + e.getMessage());
            }
        }
    }

    private void checkGranted(CommandClient client, List<CompletableFuture<SubscribeResult>> subscribed) {
        int refused = 0;
        for (int i = 0; i < filters.size(); i++) {
            ReasonCode code = client.await(subscribed.get(i)).reasonCodes().get(0);
            if (code.isError()) {
                refused++;
                spec.commandLine().getErr().println(NAME + ": subscription to '" + filters.get(i) + "' refused: "
                        + code);
            } else {
                client.debug("subscribed to '" + filters.get(i) + "' (granted QoS " + code.code() + ")");
            }
        }
        if (refused == filters.size()) {
            throw new CommandFailure(RoostCommand.FAILURE, "every subscription was refused");
        }
    }

    private static int report(CommandFailure failure, PrintWriter err) {
        if (failure.getMessage() != null) {
            err.println(NAME + ": " + failure.getMessage());
            err.flush();
        }
        return failure.exitCode();
    }

    /** The shutdown hook: Ctrl-C or SIGTERM while running. Disconnects cleanly and ends the JVM with 0. */
    private void stopOnSignal(CommandClient client) {
        client.close();
        out.flush();
        Runtime.getRuntime().halt(RoostCommand.OK);
    }

    /** @return {@code false} when the JVM is already stopping: then the hook runs, closes and exits with 0 */
    private static boolean removeHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
