package dev.roost.bench;

import dev.roost.bench.scenario.FlowSettings;
import dev.roost.bench.scenario.Topology;
import dev.roost.protocol.Qos;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options of the flow scenarios ({@code pairs}, {@code fanout}, {@code fanin}); a picocli mixin. */
public final class FlowOptions {
    @Option(names = {"-q", "--qos"}, paramLabel = "0|1|2", defaultValue = "0",
            description = "QoS of the messages and subscriptions (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Payload size; at least 24, the stamp (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to publish (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-m", "--messages"}, paramLabel = "N", defaultValue = "0",
            description = "Messages per publisher, then stop (the duration still bounds the run); 0 = no limit.")
    long messages;

    @Option(names = "--inflight", paramLabel = "N", defaultValue = "256",
            description = {"QoS 1/2 messages a publisher keeps unacknowledged, at most the broker's Receive Maximum "
                    + "(default: ${DEFAULT-VALUE}).", "MQTT 3.1.1 has no Receive Maximum: a broker may drop what "
                    + "exceeds its own limit (Mosquitto 2.0 drops QoS 2 beyond max_inflight_messages, 20)."})
    int inflight;

    @Option(names = "--max-ahead", paramLabel = "N", defaultValue = "0",
            description = "Closed loop: the most messages a publisher may run ahead of its subscribers; "
                    + "0 = open loop (default).")
    int maxAhead;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
            description = "Leading part of the run left out of rates and latency (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for the last deliveries after publishing stops (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--session-expiry", paramLabel = "SECONDS", defaultValue = "0",
            description = {"Subscribers with persistent sessions: Clean Start 0 (Clean Session 0) and this Session"
                    + " Expiry Interval, under new client ids; 0 = clean sessions (default).",
                    "A durable broker stores what it queues for persistent sessions before it acknowledges a publish."})
    long sessionExpirySeconds;

    @Option(names = "--keep-sessions",
            description = "With --session-expiry: leave the sessions on the broker at the end "
                    + "(default: discard them).")
    boolean keepSessions;

    FlowSettings settings(Topology topology, int publishers, int subscribers, double ratePerPublisher) {
        return new FlowSettings(topology, publishers, subscribers, Qos.of(qos), size, duration, messages,
                ratePerPublisher, inflight, maxAhead, warmup, drainTimeout, sessionExpirySeconds, keepSessions);
    }
}
