package dev.roost.store.rocksdb;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each thread's {@link LazyWrites}, and all of them, so that the store can write what any thread still holds when it
 * closes. A thread's object lives as long as the store (a lane's for the broker's life; one of a thread that ended,
 * empty once written, costs a few hundred bytes).
 *
 * <p>Thread-safe; each {@link LazyWrites} is not (see there).
 */
final class LazyWritesPerThread {
    private final ThreadLocal<LazyWrites> byThread = new ThreadLocal<>();
    private final Set<LazyWrites> all = ConcurrentHashMap.newKeySet();

    /** The calling thread's, created on first use. */
    LazyWrites mine() {
        LazyWrites lazy = byThread.get();
        if (lazy == null) {
            lazy = new LazyWrites();
            byThread.set(lazy);
            all.add(lazy);
        }
        return lazy;
    }

    /** The calling thread's if it has any change pending, else null. */
    LazyWrites minePending() {
        LazyWrites lazy = byThread.get();
        return lazy == null || lazy.isEmpty() ? null : lazy;
    }

    /** Every thread's, for the store's owner to write them while no thread can use them (the lock held exclusively). */
    Iterable<LazyWrites> all() {
        return all;
    }
}
