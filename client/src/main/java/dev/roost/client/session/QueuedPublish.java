package dev.roost.client.session;

import dev.roost.protocol.packet.Publish;
import java.util.Objects;

/**
 * A message the application published that has not gone on the wire yet: the client was offline, or the server's
 * Receive Maximum window was full. It has no packet identifier until it is sent.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sequence the message's place in the session's queue, unique within the session, increasing
 * @param publish the application message, packet id 0 and DUP 0; never {@code null}
 */
public record QueuedPublish(long sequence, Publish publish) {
    public QueuedPublish {
        Objects.requireNonNull(publish, "publish");
    }
}
