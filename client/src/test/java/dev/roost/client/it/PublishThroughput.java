package dev.roost.client.it;

import dev.roost.client.ClientConfig;
import dev.roost.client.PublishResult;
import dev.roost.client.RoostClient;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.client.session.FileClientSessionStore;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.protocol.Qos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A manual benchmark, not a test: QoS 1 publishes per second through one client to the Roost broker over loopback,
 * with the file session store (fsync before every flush) and with the in-memory store. Run it from the client
 * module's test classpath:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) dev.roost.client.it.PublishThroughput [messages] [window]
 * </pre>
 * {@code window} bounds the publishes the application has outstanding; the client keeps at most the broker's Receive
 * Maximum of them on the wire.
 */
public final class PublishThroughput {
    private PublishThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path dir = Files.createTempDirectory("roost-bench");
        try (RoostBrokerUnderTest broker = new RoostBrokerUnderTest(dir.resolve("broker"))) {
            for (int round = 0; round < 2; round++) {
                boolean warmUp = round == 0;
                int count = warmUp ? messages / 4 : messages;
                try (InMemoryClientSessionStore memory = new InMemoryClientSessionStore()) {
                    report("in-memory store", run(broker.port(), memory, count, window), count, warmUp);
                }
                try (FileClientSessionStore file = FileClientSessionStore.open(dir.resolve("store-" + round))) {
                    report("file store     ", run(broker.port(), file, count, window), count, warmUp);
                }
            }
        }
    }

    private static long run(int port, ClientSessionStore store, int count, int window) throws Exception {
        ClientConfig config = ClientConfig.builder("127.0.0.1", port).clientId("bench").sessionStore(store)
                .maxQueuedMessages(window + 1).cleanStart(true).build();
        byte[] payload = new byte[64];
        Semaphore outstanding = new Semaphore(window);
        try (RoostClient client = RoostClient.create(config)) {
            client.connect().get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            CompletableFuture<PublishResult> last = null;
            for (int i = 0; i < count; i++) {
                outstanding.acquire();
                last = client.publish("bench/t", payload, Qos.AT_LEAST_ONCE);
                last.whenComplete((r, e) -> outstanding.release());
            }
            outstanding.acquire(window);
            long elapsed = System.nanoTime() - start;
            last.get();
            return elapsed;
        }
    }

    private static void report(String name, long nanos, int count, boolean warmUp) {
        System.out.printf("%s%s: %,d QoS 1 publishes in %.2f s = %,.0f/s%n", warmUp ? "(warm-up) " : "", name, count,
                nanos / 1e9, count / (nanos / 1e9));
    }
}
