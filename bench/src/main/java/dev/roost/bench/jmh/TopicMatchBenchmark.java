package dev.roost.bench.jmh;

import dev.roost.broker.core.routing.Delivery;
import dev.roost.broker.core.routing.SharedSubscriberChoice;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link SubscriptionTree#match} with 100,000 subscriptions of 100,000 clients, shaped like a fleet of devices in
 * groups of 1,000: per device an exact filter ({@code fleet/G/device-N/telemetry}), every tenth client a single-level
 * wildcard over its group's statuses ({@code fleet/G/+/status}), every hundredth a multi-level one ({@code fleet/G/#}).
 * <ul>
 *   <li>{@code telemetry}: a topic matched by one exact filter and its group's ten {@code #} filters (11 deliveries);
 *   <li>{@code status}: matched by its group's hundred {@code +} and ten {@code #} filters (110 deliveries);
 *   <li>{@code miss}: a topic nobody subscribed to.
 * </ul>
 * State per thread: each thread builds its own tree and walks its own topics.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicMatchBenchmark {
    private static final int TOPICS = 1024;

    @Param({"100000"})
    public int subscriptions;

    private SubscriptionTree tree;
    private final String[] telemetryTopics = new String[TOPICS];
    private final String[] statusTopics = new String[TOPICS];
    private final String[] missTopics = new String[TOPICS];
    private int next;

    @Setup
    public void buildTree() {
        tree = new SubscriptionTree(SharedSubscriberChoice.roundRobin(clientId -> true));
        for (int k = 0; k < subscriptions; k++) {
            int group = k / 1000;
            String filter;
            if (k % 100 == 1) {
                filter = "fleet/" + group + "/#";
            } else if (k % 10 == 0) {
                filter = "fleet/" + group + "/+/status";
            } else {
                filter = "fleet/" + group + "/device-" + k + "/telemetry";
            }
            tree.subscribe("client-" + k, Subscription.of(filter, Qos.AT_LEAST_ONCE), 0);
        }
        java.util.Random random = new java.util.Random(42);
        for (int t = 0; t < TOPICS; t++) {
            int k;
            do {
                k = random.nextInt(subscriptions);
            } while (k % 10 == 0 || k % 100 == 1);
            telemetryTopics[t] = "fleet/" + (k / 1000) + "/device-" + k + "/telemetry";
            statusTopics[t] = "fleet/" + (k / 1000) + "/device-" + k + "/status";
            missTopics[t] = "plant/" + (k / 1000) + "/device-" + k + "/telemetry";
        }
    }

    @Benchmark
    public List<Delivery> telemetry() {
        return tree.match(telemetryTopics[next++ & (TOPICS - 1)], "publisher");
    }

    @Benchmark
    public List<Delivery> status() {
        return tree.match(statusTopics[next++ & (TOPICS - 1)], "publisher");
    }

    @Benchmark
    public List<Delivery> miss() {
        return tree.match(missTopics[next++ & (TOPICS - 1)], "publisher");
    }
}
