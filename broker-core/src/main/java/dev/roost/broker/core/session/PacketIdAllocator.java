package dev.roost.broker.core.session;

import java.util.BitSet;

/**
 * Packet identifiers of one session's outbound exchanges. An id is never handed out twice while its exchange is open
 * [MQTT-2.2.1-3]; releasing an id that is not in use is a bug and fails loudly.
 *
 * <p>Not thread-safe: owned by the session's lane.
 */
public final class PacketIdAllocator {
    private static final int MAX = 65535;

    /** Null until the first id is taken, and again after {@link #releaseAll}: most sessions are idle. */
    private BitSet inUse;
    private int next = 1;
    private int count;

    /** @return a free id from 1 to 65535, cycling so recently released ids are reused last */
    public int allocate() {
        if (count == MAX) {
            throw new IllegalStateException("all 65535 packet identifiers are in use");
        }
        BitSet used = inUse();
        int id = used.nextClearBit(next);
        if (id > MAX) {
            id = used.nextClearBit(1);
        }
        used.set(id);
        count++;
        next = id == MAX ? 1 : id + 1;
        return id;
    }

    /** Marks {@code id} as used by an exchange restored from the session state. */
    public void reserve(int id) {
        if (id < 1 || id > MAX || isInUse(id)) {
            throw new IllegalStateException("packet identifier " + id + " cannot be reserved");
        }
        inUse().set(id);
        count++;
    }

    public void release(int id) {
        if (!isInUse(id)) {
            throw new IllegalStateException("packet identifier " + id + " is not in use");
        }
        inUse.clear(id);
        count--;
    }

    /** Frees every id at once: the session's exchanges left the heap (it went offline) or ended. */
    public void releaseAll() {
        inUse = null;
        count = 0;
    }

    public boolean isInUse(int id) {
        return id >= 1 && id <= MAX && inUse != null && inUse.get(id);
    }

    public int inUseCount() {
        return count;
    }

    private BitSet inUse() {
        if (inUse == null) {
            inUse = new BitSet(); // grows with the highest id in use: most sessions need a few bytes
        }
        return inUse;
    }
}
