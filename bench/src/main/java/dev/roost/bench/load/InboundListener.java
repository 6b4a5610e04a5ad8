package dev.roost.bench.load;

import dev.roost.protocol.packet.Publish;

/**
 * Receives the application messages a {@link LoadClient} gets. Called on the client's event loop, one message at a
 * time, never with {@code null}; it must not block. A QoS 2 message is passed on once, when its PUBLISH arrives.
 */
@FunctionalInterface
public interface InboundListener {
    InboundListener IGNORE = (publish, receivedNanos) -> { };

    /** @param receivedNanos {@link NanoClock} reading when the message was read */
    void onPublish(Publish publish, long receivedNanos);
}
