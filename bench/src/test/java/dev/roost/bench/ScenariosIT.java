package dev.roost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every scenario through its command line against an embedded Roost on 127.0.0.1, with tiny sizes: the run ends by
 * itself, exits 0, prints one JSON line that parses, and its counters add up with nothing lost.
 */
@Timeout(60)
class ScenariosIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static RoostBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(dataDir)
                .build());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void pairsAtEveryQosDeliverEveryMessageOnceAndInOrder() throws Exception {
        for (String qos : List.of("0", "1", "2")) {
            JsonNode result = run("pairs", "--qos", qos, "--pairs", "2", "--messages", "100", "--duration", "10s");
            assertClean(result, 200);
            assertThat(result.at("/params/qos").asInt()).isEqualTo(Integer.parseInt(qos));
            assertThat(result.at("/latency_us/count").asLong()).isEqualTo(200);
            assertThat(result.at("/metrics/delivered_per_s").asDouble()).isPositive();
        }
    }

    @Test
    void closedLoopPairsOverMqtt311KeepThePublisherWithinReach() throws Exception {
        JsonNode result = run("pairs", "--version", "311", "--pairs", "1", "--max-ahead", "1", "--messages", "200");
        assertClean(result, 200);
        assertThat(result.get("mqtt").asText()).isEqualTo("3.1.1");
        assertThat(result.at("/params/max_ahead").asInt()).isEqualTo(1);
    }

    @Test
    void fanoutDeliversEachMessageToEverySubscriberAtTheSetRate() throws Exception {
        JsonNode result = run("fanout", "--subscribers", "4", "--rate", "2000", "--messages", "100", "--qos", "1");
        assertClean(result, 400);
        assertThat(result.at("/metrics/published").asLong()).isEqualTo(100);
    }

    @Test
    void fanoutToPersistentSubscribersMeasuresThePublishersAcknowledgementsAndDiscardsTheSessions() throws Exception {
        JsonNode result = run("fanout", "--qos", "1", "--subscribers", "5", "--session-expiry", "60", "--rate", "0",
                "--max-ahead", "4", "--inflight", "4", "--messages", "50");
        assertClean(result, 250);
        assertThat(result.at("/params/session_expiry_s").asLong()).isEqualTo(60);
        assertThat(result.at("/ack_latency_us/count").asLong()).isEqualTo(50);
        assertThat(result.at("/ack_latency_us/p99").asLong()).isPositive();
        assertThat(result.at("/notes").size()).as(result.toString()).isZero();
    }

    @Test
    void faninDeliversEveryPublisherStreamToTheOneSubscriber() throws Exception {
        JsonNode result = run("fanin", "--publishers", "3", "--messages", "100");
        assertClean(result, 300);
    }

    @Test
    void connectResumesEveryPersistentSession() throws Exception {
        JsonNode result = run("connect", "--clients", "20", "--warmup-clients", "5");
        assertClean(result, 40);
        assertThat(result.at("/metrics/session_present_share").asDouble()).isEqualTo(1.0);
        assertThat(result.at("/metrics/connects_per_s").asDouble()).isPositive();
    }

    @Test
    void offlineSubscribersDrainTheirWholeQueues() throws Exception {
        JsonNode result = run("offline", "--subscribers", "5", "--messages", "40");
        assertClean(result, 200);
        assertThat(result.at("/metrics/session_present_share").asDouble()).isEqualTo(1.0);
        assertThat(result.at("/metrics/drain_s").asDouble()).isPositive();
    }

    @Test
    void sessionsReadTheBrokerMemoryFromItsPid() throws Exception {
        long pid = ProcessHandle.current().pid(); // the embedded broker runs in this JVM
        JsonNode result = run("sessions", "--sessions", "20", "--broker-pid", Long.toString(pid), "--settle", "0s");
        assertClean(result, 20);
        assertThat(result.at("/metrics/rss_before_bytes").asLong()).isPositive();
        assertThat(result.at("/metrics/bytes_per_session").isNumber()).isTrue();
    }

    @Test
    void anUnreachableBrokerEndsTheRunWithExitCodeOneAndAReason() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int port = broker.port();
        broker.close();
        try {
            int code = command(out, err).execute("pairs", "--port", Integer.toString(port), "--quiet",
                    "--timeout", "2s", "--messages", "10");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("could not connect");
        } finally {
            broker = RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(0)
                    .dataDirectory(dataDir).build());
        }
    }

    private static void assertClean(JsonNode result, long expected) {
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.at("/counters/sent").asLong()).isEqualTo(expected);
        assertThat(result.at("/counters/received").asLong()).isEqualTo(expected);
        assertThat(result.at("/counters/lost").asLong()).isZero();
        assertThat(result.at("/counters/duplicated").asLong()).isZero();
        assertThat(result.at("/counters/out_of_order").asLong()).isZero();
    }

    private static JsonNode run(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--port", Integer.toString(broker.port()), "--quiet", "--no-color", "--timeout", "5s"));
        int code = command(out, err).execute(all.toArray(String[]::new));
        assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", out, err).isZero();
        String[] lines = out.toString().strip().split("\\R");
        assertThat(lines[0]).startsWith(args[0] + " @ 127.0.0.1:");
        String last = lines[lines.length - 1];
        assertThat(last).startsWith("{");
        return JSON.readTree(last);
    }

    private static CommandLine command(StringWriter out, StringWriter err) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }
}
