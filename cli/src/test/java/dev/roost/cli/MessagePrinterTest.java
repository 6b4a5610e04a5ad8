package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** mosquitto_sub's output format. */
class MessagePrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);

    @Test
    void printsEachPayloadOnItsOwnLine() {
        MessagePrinter printer = new MessagePrinter(out, false, true, Long.MAX_VALUE);
        printer.onMessage(message("a/b", "one"));
        printer.onMessage(message("a/c", "two"));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
    }

    @Test
    void verbosePrintsTheTopicASpaceAndThePayloadAndNullForAnEmptyOne() {
        MessagePrinter printer = new MessagePrinter(out, true, true, Long.MAX_VALUE);
        printer.onMessage(message("a/b", "one"));
        printer.onMessage(message("ä/c", ""));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("a/b one\nä/c (null)\n");
    }

    @Test
    void withoutNewlineThePayloadsRunTogether() {
        MessagePrinter printer = new MessagePrinter(out, false, false, Long.MAX_VALUE);
        printer.onMessage(message("a", "x"));
        printer.onMessage(message("a", "y"));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("xy");
    }

    @Test
    void writesThePayloadBytesAsTheyAre() {
        MessagePrinter printer = new MessagePrinter(out, false, false, Long.MAX_VALUE);
        byte[] binary = {0, (byte) 0xFF, (byte) 0xC3, 10};
        printer.onMessage(Publish.of("a", Qos.AT_MOST_ONCE, false, 0, binary));
        assertThat(bytes.toByteArray()).containsExactly(binary);
    }

    @Test
    void stopsPrintingAtTheCountAndSaysSoOnce() {
        MessagePrinter printer = new MessagePrinter(out, false, true, 2);
        printer.onMessage(message("a", "1"));
        assertThat(printer.countReached()).isNotDone();
        printer.onMessage(message("a", "2"));
        assertThat(printer.countReached()).isDone();
        printer.onMessage(message("a", "3"));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("1\n2\n");
    }

    private static Publish message(String topic, String payload) {
        return Publish.of(topic, Qos.AT_LEAST_ONCE, false, 1, payload.getBytes(StandardCharsets.UTF_8));
    }
}
