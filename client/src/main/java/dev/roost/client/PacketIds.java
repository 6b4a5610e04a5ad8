package dev.roost.client;

import java.util.BitSet;

/**
 * The packet identifiers of one client session's open exchanges: outbound QoS 1/2 publishes, SUBSCRIBE and
 * UNSUBSCRIBE. An id is never handed out twice while its exchange is open [MQTT-2.2.1-3]; it continues after the
 * last one used, also across runs (the session state keeps {@code lastPacketId}), so ids are reused as late as
 * possible. Releasing an id that is not in use is a bug and fails loudly.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class PacketIds {
    private static final int MAX = 65535;

    private final BitSet inUse = new BitSet(MAX + 1);
    private int last;
    private int count;

    /** @param last the id handed out most recently, 0 for none */
    PacketIds(int last) {
        this.last = last;
    }

    /** @return a free id from 1 to 65535, or 0 when all are in use */
    int allocate() {
        if (count == MAX) {
            return 0;
        }
        int id = inUse.nextClearBit(last == MAX ? 1 : last + 1);
        if (id > MAX) {
            id = inUse.nextClearBit(1);
        }
        inUse.set(id);
        count++;
        last = id;
        return id;
    }

    /** Marks an id used by an exchange restored from the session state. */
    void reserve(int id) {
        if (id < 1 || id > MAX || inUse.get(id)) {
            throw new IllegalStateException("packet identifier " + id + " cannot be reserved");
        }
        inUse.set(id);
        count++;
    }

    void release(int id) {
        if (id < 1 || id > MAX || !inUse.get(id)) {
            throw new IllegalStateException("packet identifier " + id + " is not in use");
        }
        inUse.clear(id);
        count--;
    }

    boolean isInUse(int id) {
        return id >= 1 && id <= MAX && inUse.get(id);
    }
}
