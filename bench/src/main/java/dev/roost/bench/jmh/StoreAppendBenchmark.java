package dev.roost.bench.jmh;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.InMemorySessionStore;
import dev.roost.broker.core.store.SessionEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.util.ArrayList;
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
 * Appends to session logs of the {@link InMemorySessionStore}, the way the publish path does, and removes each entry
 * again {@value #BACKLOG} appends later (its acknowledgement), so the logs stay at a steady size:
 * <ul>
 *   <li>{@code appendThenAcknowledge}: one entry to one of {@code sessions} sessions, round-robin;
 *   <li>{@code fanOutToHundred}: one {@code appendFanOut} of the same message to 100 sessions.
 * </ul>
 * State per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreAppendBenchmark {
    private static final int BACKLOG = 100;
    private static final int FAN_OUT = 100;

    @Param({"1", "1000"})
    public int sessions;

    private InMemorySessionStore store;
    private ApplicationMessage message;
    private String[] clientIds;
    private String[] fanOutIds;
    private long sequence;
    private long fanOutSequence;

    @Setup
    public void openStore() {
        store = new InMemorySessionStore();
        message = new ApplicationMessage("fleet/7/device-7042/telemetry", new byte[64], Qos.AT_LEAST_ONCE, false,
                MessageProperties.NONE, "publisher", null);
        clientIds = new String[sessions];
        for (int i = 0; i < sessions; i++) {
            clientIds[i] = "client-" + i;
            store.saveSession(new SessionRecord(clientIds[i], MqttVersion.V5, 3600, null, null));
        }
        fanOutIds = new String[FAN_OUT];
        for (int i = 0; i < FAN_OUT; i++) {
            fanOutIds[i] = "fan-" + i;
            store.saveSession(new SessionRecord(fanOutIds[i], MqttVersion.V5, 3600, null, null));
        }
    }

    @Benchmark
    public long appendThenAcknowledge() {
        long seq = sequence++;
        store.appendOutbound(clientIds[(int) (seq % sessions)],
                OutboundEntry.queued(seq, message, Qos.AT_LEAST_ONCE, false, List.of()));
        long acked = seq - BACKLOG;
        if (acked >= 0) {
            store.deleteOutbound(clientIds[(int) (acked % sessions)], acked);
        }
        return seq;
    }

    @Benchmark
    public long fanOutToHundred() {
        long seq = fanOutSequence++;
        List<SessionEntry> entries = new ArrayList<>(FAN_OUT);
        OutboundEntry entry = OutboundEntry.queued(seq, message, Qos.AT_LEAST_ONCE, false, List.of());
        for (String id : fanOutIds) {
            entries.add(new SessionEntry(id, entry));
        }
        store.appendFanOut(entries);
        long acked = seq - BACKLOG;
        if (acked >= 0) {
            for (String id : fanOutIds) {
                store.deleteOutbound(id, acked);
            }
        }
        return seq;
    }
}
