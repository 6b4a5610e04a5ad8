package dev.roost.cli;

import dev.roost.client.PublishResult;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.topic.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code roost pub}: publishes one message and exits once it is delivered to the broker: written (QoS 0), PUBACK
 * (QoS 1) or PUBCOMP (QoS 2). Errors print one line to standard error and exit with 1.
 *
 * <p>With {@code -c -i ID} a QoS 1/2 message is in the client's file session store before it is sent, so a run that
 * is cut off (killed, connection lost) leaves it there and the next {@code roost pub -c -i ID} completes it.
 *
 * <p>Runs on the thread that calls it.
 */
@Command(name = "pub",
        description = "Publish one message (like mosquitto_pub).",
        versionProvider = RoostVersion.class,
        sortOptions = false,
        footerHeading = "%nExit status:%n",
        footer = {"  0  delivered: written (QoS 0), PUBACK (QoS 1) or PUBCOMP (QoS 2) received",
                "  1  cannot connect, connection refused (CONNACK), message refused, connection",
                "     lost, -f file unreadable, or session store unusable (for example the -i",
                "     session is in use by another roost process)",
                "  2  usage error (unknown flag, value out of range, no message, -c without -i)",
                "See docs/CLI.md."})
final class PubCommand implements Callable<Integer> {
    private static final String NAME = "roost pub";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-t", "--topic"}, paramLabel = "TOPIC", required = true, description = "Topic to publish to.")
    private String topic;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nThe message, one of:%n")
    private Message message;

    @Option(names = {"-q", "--qos"}, paramLabel = "QOS", defaultValue = "0",
            description = "QoS: 0, 1 or 2. Default: ${DEFAULT-VALUE}.")
    private int qos;

    @Option(names = {"-r", "--retain"}, description = "Retain the message.")
    private boolean retain;

    /** Where the payload comes from: exactly one of these. */
    static final class Message {
        @Option(names = {"-m", "--message"}, paramLabel = "TEXT", description = "The payload, as UTF-8 text.")
        String text;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The payload: the file's bytes.")
        Path file;

        @Option(names = {"-s", "--stdin-file"}, description = "The payload: standard input, read to its end.")
        boolean stdin;

        @Option(names = {"-n", "--null-message"}, description = "An empty payload.")
        boolean empty;
    }

    @Mixin
    private ClientOptions options;

    private final InputStream in;

    PubCommand() {
        this(System.in);
    }

    /** @param in read for {@code -s} (standard input) */
    PubCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() {
        validate();
        ClientLogging.toStandardError();
        PrintWriter err = spec.commandLine().getErr();
        try {
            byte[] payload = payload();
            try (CommandClient client = CommandClient.open(options, m -> { }, err, NAME)) {
                client.connect();
                PublishResult result = client.await(client.client().publish(
                        Publish.of(topic, Qos.of(qos), retain, 0, payload)));
                client.debug("published " + payload.length + " bytes to '" + topic + "' (QoS " + qos
                        + (qos == 0 ? ", written" : ", " + result.reasonCode()) + ")");
            }
            return RoostCommand.OK;
        } catch (CommandFailure e) {
            if (e.getMessage() != null) {
                err.println(NAME + ": " + e.getMessage());
                err.flush();
            }
            return e.exitCode();
        }
    }

    private void validate() {
        options.validate();
        if (qos < 0 || qos > 2) {
            throw new ParameterException(spec.commandLine(), "-q must be 0, 1 or 2: " + qos);
        }
        try {
            Topics.validateTopicName(topic);
        } catch (ProtocolViolation e) {
            throw new ParameterException(spec.commandLine(), "-t '" + topic + "' is not a topic name: "
                    + e.getMessage());
        }
    }

    private byte[] payload() {
        try {
            if (message.text != null) {
                return message.text.getBytes(StandardCharsets.UTF_8);
            }
            if (message.file != null) {
                return Files.readAllBytes(message.file);
            }
            if (message.stdin) {
                return in.readAllBytes();
            }
            return new byte[0];
        } catch (IOException e) {
            throw new CommandFailure(RoostCommand.FAILURE, "cannot read the message"
                    + (message.file != null ? " from " + message.file : " from standard input") + ": "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }
}
