package dev.roost.bench.scenario;

import dev.roost.bench.load.ClientOptions;
import dev.roost.bench.load.LoadNetwork;
import dev.roost.bench.measure.Progress;
import dev.roost.protocol.MqttVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every scenario needs besides its own settings: the network to the broker under test, the protocol version,
 * the bound on every single network wait, where progress goes, the wall clock for the result's date, and a run id
 * that keeps this run's client ids and topics apart from any other run's on the same broker. Immutable.
 *
 * @param timeout the longest any one wait may take: a connect with its CONNACK, a SUBACK, a disconnect
 * @param concurrency how many connects may be outstanding at once
 * @param connectRate connects started per second at most (0: no limit)
 */
public record ScenarioContext(LoadNetwork network, MqttVersion version, Duration timeout, int concurrency,
                              double connectRate, Progress progress, Clock wallClock, String runId) {
    public ScenarioContext {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(wallClock, "wallClock");
        Objects.requireNonNull(runId, "runId");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
    }

    /** @return {@code host:port} of the broker under test */
    public String broker() {
        return network.host() + ":" + network.port();
    }

    /** @return {@code 3.1.1} or {@code 5} */
    public String mqtt() {
        return version == MqttVersion.V5 ? "5" : "3.1.1";
    }

    /** @return a clean client of this run; ids are {@code bench-<run>-<role>-<index>} */
    public ClientOptions client(String role, int index) {
        return ClientOptions.clean(clientId(role, index), version, timeout);
    }

    public String clientId(String role, int index) {
        return "bench-" + runId + "-" + role + "-" + index;
    }

    /** @return the topic prefix of this run's scenario: {@code bench/<run>/<name>} */
    public String topicBase(String name) {
        return "bench/" + runId + "/" + name;
    }
}
