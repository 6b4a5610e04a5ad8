package dev.roost.bench.scenario;

import dev.roost.protocol.Qos;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a flow scenario ({@code pairs}, {@code fanout}, {@code fanin}). Immutable.
 *
 * @param messagesPerPublisher 0: publish until {@code duration} ends
 * @param ratePerPublisher messages per second per publisher; 0: as fast as the broker takes them
 * @param inflight QoS 1/2 window per publisher (lowered to the broker's Receive Maximum)
 * @param maxAhead closed loop: the most messages a publisher may run ahead of its subscribers; 0: open loop
 * @param warmup the start of the run whose deliveries count for correctness but not for rates and latency
 * @param drainTimeout how long to wait after publishing stops for the last deliveries
 * @param sessionExpirySeconds 0: the subscribers have clean sessions; otherwise they connect with Clean Start 0
 *     (Clean Session 0) under new client ids and ask for this Session Expiry Interval (5.0), so the broker keeps
 *     persistent sessions for them and, with a durable store, writes what it queues for them before acknowledging
 * @param keepSessions with persistent subscribers: leave their sessions on the broker at the end instead of
 *     discarding them with a clean connect
 */
public record FlowSettings(Topology topology, int publishers, int subscribers, Qos qos, int payloadSize,
                           Duration duration, long messagesPerPublisher, double ratePerPublisher, int inflight,
                           int maxAhead, Duration warmup, Duration drainTimeout, long sessionExpirySeconds,
                           boolean keepSessions) {
    public FlowSettings {
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (publishers < 1 || subscribers < 1) {
            throw new IllegalArgumentException("at least one publisher and one subscriber are needed");
        }
        if (topology == Topology.PAIRS && publishers != subscribers) {
            throw new IllegalArgumentException("pairs need as many publishers as subscribers");
        }
        if (messagesPerPublisher < 0 || ratePerPublisher < 0 || maxAhead < 0 || inflight < 1 || inflight > 65_535) {
            throw new IllegalArgumentException("messages, rate and max-ahead must be >= 0, inflight 1 to 65535");
        }
        if (sessionExpirySeconds < 0 || sessionExpirySeconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("session expiry must be 0 to 4294967295 s: " + sessionExpirySeconds);
        }
    }
}
