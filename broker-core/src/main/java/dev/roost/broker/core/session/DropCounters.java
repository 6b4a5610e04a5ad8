package dev.roost.broker.core.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts messages not delivered, by {@link DropReason}. Thread-safe; read by metrics. */
public final class DropCounters {
    private final Map<DropReason, LongAdder> counters = new EnumMap<>(DropReason.class);

    public DropCounters() {
        for (DropReason r : DropReason.values()) {
            counters.put(r, new LongAdder());
        }
    }

    public void record(DropReason reason) {
        counters.get(reason).increment();
    }

    public long count(DropReason reason) {
        return counters.get(reason).sum();
    }

    public long total() {
        return counters.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
