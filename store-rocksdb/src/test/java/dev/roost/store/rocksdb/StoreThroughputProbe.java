package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * A quick, JMH-free throughput probe (not a test, asserts nothing): appendOutbound + deleteOutbound pairs per second,
 * each thread on its own session as a lane would be, under SYNC (deletes not fsynced, the default), SYNC with every
 * write fsynced, and NONE, with 1 and 4 threads. Each pair is two write batches: the message and its entry, then
 * their deletes.
 *
 * <p>Run: {@code java -cp <test classpath> dev.roost.store.rocksdb.StoreThroughputProbe [directory] [seconds]}.
 */
public final class StoreThroughputProbe {

    private StoreThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("roost-probe");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        System.out.printf("store directory %s, %d s per run, 100-byte payloads%n", base, seconds);
        System.out.printf("%-8s %7s %10s %10s %8s %18s%n", "policy", "threads", "pairs/s", "writes", "fsyncs",
                "µs/pair/thread");
        for (String mode : List.of("SYNC", "SYNC+all", "NONE")) {
            for (int threads : new int[] {1, 4}) {
                Path dir = base.resolve(mode + "-" + threads);
                RocksDbStoreConfig config = RocksDbStoreConfig.builder(dir)
                        .durability(mode.startsWith("SYNC") ? DurabilityPolicy.SYNC : DurabilityPolicy.NONE)
                        .syncAllWrites(mode.endsWith("+all")).build();
                run(mode, config, threads, seconds);
                delete(dir);
            }
        }
    }

    private static void run(String mode, RocksDbStoreConfig config, int threads, int seconds) throws Exception {
        try (RocksDbSessionStore store = RocksDbSessionStore.open(config)) {
            for (int t = 0; t < threads; t++) {
                store.saveSession(new SessionRecord("lane-" + t, MqttVersion.V5, 3600, null, null));
            }
            measure(store, threads, 1);
            RocksDbSessionStore.WriteCounters before = store.writeCounters();
            long start = System.nanoTime();
            long pairs = measure(store, threads, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            RocksDbSessionStore.WriteCounters after = store.writeCounters();
            long syncs = after.walSyncs() - before.walSyncs();
            System.out.printf("%-8s %7d %10.0f %10d %8d %18.1f%n", mode, threads, pairs / elapsed,
                    after.writes() - before.writes(), syncs, elapsed * 1e6 * threads / pairs);
        }
    }

    private static long measure(RocksDbSessionStore store, int threads, int seconds) throws InterruptedException {
        LongAdder pairs = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String clientId = "lane-" + t;
            Thread w = new Thread(() -> {
                long seq = System.nanoTime();
                while (!stop.get()) {
                    ApplicationMessage m = new ApplicationMessage("probe/" + clientId, new byte[100],
                            Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "publisher", null);
                    store.appendOutbound(clientId, OutboundEntry.queued(++seq, m, Qos.AT_LEAST_ONCE, false,
                            List.of()));
                    store.sync(); // as a lane would to acknowledge it
                    store.deleteOutbound(clientId, seq);
                    store.sync();
                    pairs.increment();
                }
                done.countDown();
            });
            workers.add(w);
            w.start();
        }
        done.await(seconds, TimeUnit.SECONDS);
        stop.set(true);
        done.await();
        return pairs.sum();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
