package dev.roost.cli;

import dev.roost.client.MessageHandler;
import dev.roost.protocol.packet.Publish;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Prints received messages as mosquitto_sub does: the payload's bytes as they are, then a newline (none with
 * {@code -N}); with {@code -v} the topic, a space, then the payload, and {@code (null)} for an empty payload. A
 * message is printed and flushed before the handler returns, so it is acknowledged only once it is out.
 *
 * <p>With a count ({@code -C}), the messages after the count are not printed, and {@link #countReached()} completes.
 *
 * <p>Threading: {@link #onMessage} runs on the client's I/O thread, one message at a time; nothing else touches the
 * counter.
 */
final class MessagePrinter implements MessageHandler {
    private static final byte[] NULL_PAYLOAD = "(null)".getBytes(StandardCharsets.UTF_8);

    private final PrintStream out;
    private final boolean verbose;
    private final boolean newline;
    private final long limit;
    private final CompletableFuture<Void> countReached = new CompletableFuture<>();
    private long printed;

    /**
     * @param limit how many messages to print; {@link Long#MAX_VALUE} for no limit
     */
    MessagePrinter(PrintStream out, boolean verbose, boolean newline, long limit) {
        this.out = out;
        this.verbose = verbose;
        this.newline = newline;
        this.limit = limit;
    }

    /** Completes on the I/O thread right after the {@code limit}-th message was printed. */
    CompletableFuture<Void> countReached() {
        return countReached;
    }

    @Override
    public void onMessage(Publish message) {
        if (printed >= limit) {
            return;
        }
        byte[] payload = message.payload();
        if (verbose) {
            byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
            out.write(topic, 0, topic.length);
            out.write(' ');
            payload = payload.length == 0 ? NULL_PAYLOAD : payload;
        }
        out.write(payload, 0, payload.length);
        if (newline) {
            out.write('\n');
        }
        out.flush();
        printed++;
        if (printed == limit) {
            countReached.complete(null);
        }
    }
}
