package dev.roost.bench.load;

/**
 * Packet identifiers of one connection's outbound exchanges: 1 to 65,535, handed out round-robin and never twice while
 * in use. Not thread-safe: the connection's event loop owns it.
 */
final class PacketIds {
    private final boolean[] inUse = new boolean[65_536];
    private int next = 1;
    private int used;

    /** @throws IllegalStateException when all 65,535 are in use */
    int allocate() {
        if (used == 65_535) {
            throw new IllegalStateException("all 65535 packet identifiers are in use");
        }
        while (inUse[next]) {
            next = next == 65_535 ? 1 : next + 1;
        }
        int id = next;
        inUse[id] = true;
        used++;
        next = next == 65_535 ? 1 : next + 1;
        return id;
    }

    /** @return whether the id was in use (a broker acknowledging an id twice, or one never sent, gives {@code false}) */
    boolean release(int id) {
        if (id < 1 || id > 65_535 || !inUse[id]) {
            return false;
        }
        inUse[id] = false;
        used--;
        return true;
    }

    int inUse() {
        return used;
    }
}
