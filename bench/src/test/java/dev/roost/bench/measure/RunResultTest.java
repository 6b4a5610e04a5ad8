package dev.roost.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunResultTest {
    private static RunResult result(Tally tally) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("qos", 1);
        params.put("note", "a \"quoted\"\nline");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("delivered_per_s", 12345.6789);
        metrics.put("bytes_per_session", null);
        metrics.put("nan", Double.NaN);
        return new RunResult("pairs", "127.0.0.1:1883", "5", Instant.parse("2025-01-02T03:04:05Z"), params, metrics,
                new LatencySummary(10, 1, 2, 3, 4, 5, 1.5), tally, List.of("a note"));
    }

    @Test
    void theJsonLineParsesAndCarriesEveryField() throws Exception {
        String line = result(new Tally(10, 10, 0, 0, 0)).toJson();

        assertThat(line).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("scenario").asText()).isEqualTo("pairs");
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.at("/params/note").asText()).isEqualTo("a \"quoted\"\nline");
        assertThat(json.at("/metrics/delivered_per_s").asDouble()).isEqualTo(12345.679);
        assertThat(json.at("/metrics/bytes_per_session").isNull()).isTrue();
        assertThat(json.at("/metrics/nan").isNull()).isTrue();
        assertThat(json.at("/latency_us/p99").asLong()).isEqualTo(3);
        assertThat(json.at("/counters/out_of_order").asLong()).isZero();
        assertThat(json.at("/notes/0").asText()).isEqualTo("a note");
    }

    @Test
    void aRunThatLostMessagesIsNotOkAndSaysSoInRed() {
        RunResult lossy = result(new Tally(10, 9, 1, 0, 0));

        assertThat(lossy.ok()).isFalse();
        String summary = Summary.render(lossy, true);
        assertThat(summary).contains("\u001B[1;31m").contains("LOST 1 of 10");
        assertThat(Summary.render(lossy, false)).doesNotContain("\u001B[");
    }

    @Test
    void duplicatesAndReorderingAlsoMakeARunUnclean() {
        assertThat(result(new Tally(10, 10, 0, 1, 0)).ok()).isFalse();
        assertThat(Summary.render(result(new Tally(10, 10, 0, 0, 2)), false)).contains("OUT OF ORDER 2");
    }

    @Test
    void aCleanRunSaysOk() {
        assertThat(Summary.render(result(new Tally(10, 10, 0, 0, 0)), false))
                .contains("OK: every message arrived exactly once, in order")
                .contains("12,346");
    }

    @Test
    void publishToAcknowledgementLatencyAppearsOnlyWhenMeasured() throws Exception {
        RunResult withAcks = new RunResult("pairs", "127.0.0.1:1883", "5", Instant.parse("2025-01-02T03:04:05Z"),
                Map.of(), Map.of(), new LatencySummary(10, 1, 2, 3, 4, 5, 1.5),
                new LatencySummary(10, 100, 200, 300, 400, 500, 150.0), new Tally(10, 10, 0, 0, 0), List.of());

        JsonNode json = new ObjectMapper().readTree(withAcks.toJson());
        assertThat(json.at("/ack_latency_us/p99").asLong()).isEqualTo(300);
        assertThat(json.at("/latency_us/p99").asLong()).isEqualTo(3);
        assertThat(Summary.render(withAcks, false)).contains("ack_latency_us").contains("p99 300");
        JsonNode without = new ObjectMapper().readTree(result(new Tally(10, 10, 0, 0, 0)).toJson());
        assertThat(without.has("ack_latency_us")).isFalse();
    }
}
