package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A quick, JMH-free probe (not a test, asserts nothing) of the store's cost per delivered QoS 1 message, as one lane
 * would see it: each message is appended to {@code N} sessions in one fan-out, each entry is then marked SENT, and
 * deleted (its PUBACK) in the next batch of work; every batch ends with {@link SessionStore#sync()}. A batch holds as
 * many messages as fit in about {@code ops} store calls (at least one). Prints one line: deliveries (entries sent and
 * acknowledged) per second, store writes and fsyncs per delivery, and the CPU time per delivery of the probe's thread
 * and of the whole process (RocksDB's background flushes and compactions included).
 *
 * <p>Run: {@code java -cp <test classpath> dev.roost.store.rocksdb.DeliveryCycleProbe <directory> <SYNC|NONE> <N>
 * [seconds] [ops]}. Single-threaded; the directory is deleted afterwards.
 */
public final class DeliveryCycleProbe {

    private DeliveryCycleProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        DurabilityPolicy policy = DurabilityPolicy.valueOf(args[1]);
        int fanOut = Integer.parseInt(args[2]);
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int ops = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        int messagesPerBatch = Math.max(1, ops / (1 + 2 * fanOut));
        try (RocksDbSessionStore store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(dir)
                .durability(policy).build())) {
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < fanOut; i++) {
                sessions.add("session-" + i);
                store.saveSession(new SessionRecord(sessions.get(i), MqttVersion.V5, 3600, null, null));
            }
            Cycle cycle = new Cycle(store, sessions, messagesPerBatch);
            cycle.runFor(Math.max(1, seconds / 2) * 1_000_000_000L);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            RocksDbSessionStore.WriteCounters before = store.writeCounters();
            long start = System.nanoTime();
            long threadCpu = threads.getCurrentThreadCpuTime();
            long processCpu = os.getProcessCpuTime();
            long deliveries = cycle.runFor(seconds * 1_000_000_000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            threadCpu = threads.getCurrentThreadCpuTime() - threadCpu;
            processCpu = os.getProcessCpuTime() - processCpu;
            RocksDbSessionStore.WriteCounters after = store.writeCounters();
            System.out.printf("%-5s N=%-4d msgs/batch=%-3d deliveries/s=%9.0f writes/delivery=%5.2f"
                            + " fsyncs/delivery=%6.4f threadCpuUs/delivery=%6.2f processCpuUs/delivery=%6.2f%n",
                    policy, fanOut, messagesPerBatch, deliveries / elapsed,
                    (after.writes() - before.writes()) / (double) deliveries,
                    (after.walSyncs() - before.walSyncs()) / (double) deliveries,
                    threadCpu / 1e3 / deliveries, processCpu / 1e3 / deliveries);
        } finally {
            delete(dir);
        }
    }

    /** The lane's work: batches of fan-outs and SENT updates, with the previous batch's deliveries acknowledged. */
    private static final class Cycle {
        private final SessionStore store;
        private final List<String> sessions;
        private final int messagesPerBatch;
        private long sequence;
        private List<SessionEntry> sentInLastBatch = new ArrayList<>();

        Cycle(SessionStore store, List<String> sessions, int messagesPerBatch) {
            this.store = store;
            this.sessions = sessions;
            this.messagesPerBatch = messagesPerBatch;
        }

        /** @return how many deliveries were acknowledged */
        long runFor(long nanos) {
            long end = System.nanoTime() + nanos;
            long acknowledged = 0;
            while (System.nanoTime() < end) {
                List<SessionEntry> sent = new ArrayList<>();
                for (int m = 0; m < messagesPerBatch; m++) {
                    ApplicationMessage message = new ApplicationMessage("probe/topic", new byte[100],
                            Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "publisher", null);
                    List<SessionEntry> fanOut = new ArrayList<>(sessions.size());
                    for (String s : sessions) {
                        fanOut.add(new SessionEntry(s, OutboundEntry.queued(++sequence, message, Qos.AT_LEAST_ONCE,
                                false, List.of())));
                    }
                    store.appendFanOut(fanOut);
                    for (SessionEntry e : fanOut) {
                        OutboundEntry entry = e.entry().sent((int) (e.entry().sequence() % 65_535) + 1);
                        store.updateOutbound(e.clientId(), entry);
                        sent.add(new SessionEntry(e.clientId(), entry));
                    }
                }
                for (SessionEntry e : sentInLastBatch) {
                    store.deleteOutbound(e.clientId(), e.entry().sequence());
                }
                acknowledged += sentInLastBatch.size();
                sentInLastBatch = sent;
                store.sync();
            }
            return acknowledged;
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
