package dev.roost.bench.measure;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one scenario run: what was asked, what was measured, and whether every message arrived once and in
 * order. Immutable; maps keep their insertion order.
 *
 * @param scenario e.g. {@code pairs}
 * @param broker {@code host:port} of the broker under test
 * @param mqtt {@code 3.1.1} or {@code 5}
 * @param params the run's settings, by name
 * @param metrics what was measured, by name with its unit ({@code delivered_per_s}, {@code drain_s}, ...)
 * @param latency publish-to-delivery; {@code null} when the scenario measures no latency
 * @param ackLatency publish-to-acknowledgement of the QoS 1/2 publishers; {@code null} when not measured
 * @param notes warnings worth a reader's attention (a figure that could not be measured, a broker that refused)
 */
public record RunResult(String scenario, String broker, String mqtt, Instant startedAt, Map<String, Object> params,
                        Map<String, Object> metrics, LatencySummary latency, LatencySummary ackLatency, Tally tally,
                        List<String> notes) {

    public RunResult {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(startedAt, "startedAt");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        Objects.requireNonNull(tally, "tally");
        notes = List.copyOf(notes);
    }

    /** A result without publish-to-acknowledgement latency. */
    public RunResult(String scenario, String broker, String mqtt, Instant startedAt, Map<String, Object> params,
                     Map<String, Object> metrics, LatencySummary latency, Tally tally, List<String> notes) {
        this(scenario, broker, mqtt, startedAt, params, metrics, latency, null, tally, notes);
    }

    /** @return whether nothing was lost, duplicated or reordered */
    public boolean ok() {
        return tally.isClean();
    }

    /** @return the result as one line of JSON (no line break) */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", scenario);
        root.put("broker", broker);
        root.put("mqtt", mqtt);
        root.put("started_at", startedAt.toString());
        root.put("ok", ok());
        root.put("params", params);
        root.put("metrics", metrics);
        root.put("latency_us", latency == null ? null : json(latency));
        if (ackLatency != null) {
            root.put("ack_latency_us", json(ackLatency));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sent", tally.sent());
        c.put("received", tally.received());
        c.put("lost", tally.lost());
        c.put("duplicated", tally.duplicated());
        c.put("out_of_order", tally.outOfOrder());
        root.put("counters", c);
        root.put("notes", notes);
        return Json.write(root);
    }

    private static Map<String, Object> json(LatencySummary latency) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("count", latency.count());
        l.put("p50", latency.p50());
        l.put("p90", latency.p90());
        l.put("p99", latency.p99());
        l.put("p999", latency.p999());
        l.put("max", latency.max());
        l.put("mean", latency.mean());
        return l;
    }
}
