package dev.roost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fill} and {@code drain} against an embedded Roost with the RocksDB store on 127.0.0.1, tiny sizes: what the
 * fill queued survives a restart of the broker and every sampled session drains exactly its messages.
 */
@Timeout(60)
class FillDrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PLAN = {"--sessions", "230", "--messages", "6", "--group-size", "50",
            "--prefix", "it"};

    @TempDir
    Path dataDir;

    @Test
    void queuedMessagesOfAFillSurviveARestartAndDrainOncePerSessionInOrder() throws Exception {
        BrokerConfig config = BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(dataDir)
                .durability(DurabilityPolicy.NONE).maxConnectsPerSecond(100_000).build();
        JsonNode fill;
        try (RoostBroker broker = RoostBroker.start(config)) {
            fill = run(broker, "fill", "--publishers", "3", "--inflight", "16");
        }
        assertThat(fill.get("ok").asBoolean()).as(fill.toString()).isTrue();
        assertThat(fill.at("/metrics/sessions").asInt()).isEqualTo(230);
        assertThat(fill.at("/metrics/published").asLong()).isEqualTo(5 * 6); // 5 groups, the last one of 30
        assertThat(fill.at("/counters/sent").asLong()).isEqualTo(230 * 6);
        assertThat(fill.at("/counters/received").asLong()).isEqualTo(230 * 6);

        JsonNode drain;
        try (RoostBroker broker = RoostBroker.start(config)) {
            drain = run(broker, "drain", "--sample", "100", "--seed", "7");
        }
        assertThat(drain.get("ok").asBoolean()).as(drain.toString()).isTrue();
        assertThat(drain.at("/metrics/complete_sessions").asInt()).isEqualTo(100);
        assertThat(drain.at("/metrics/session_present_share").asDouble()).isEqualTo(1.0);
        assertThat(drain.at("/counters/received").asLong()).isEqualTo(100 * 6);
        assertThat(drain.at("/metrics/extra").asLong()).isZero();
    }

    private static JsonNode run(RoostBroker broker, String scenario, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(scenario));
        all.addAll(List.of(PLAN));
        all.addAll(List.of(args));
        all.addAll(List.of("--port", Integer.toString(broker.port()), "--quiet", "--json", "--timeout", "5s"));
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        return JSON.readTree(out.toString().strip());
    }
}
