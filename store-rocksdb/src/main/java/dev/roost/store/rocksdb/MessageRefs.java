package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which stored message id an {@link ApplicationMessage} object has, and how many log entries refer to each stored
 * message: the bookkeeping that stores a payload once however many sessions it goes to, and deletes it with the last
 * entry that refers to it.
 *
 * <p>The counts live only here: they are derived data, rebuilt from the log at start-up ({@link #counted}), so they
 * need no write of their own and no lock is held across a disk write. A count that reaches 0 is final: the caller
 * deletes the message in the same write batch as that last entry, and a later {@link #acquire} of the same object gets
 * a fresh id (its payload is written again) instead of reviving an id whose delete may already be on disk.
 *
 * <p>Objects are mapped by identity through weak references: an object the broker no longer holds costs nothing here.
 * Thread-safe and lock-free.
 */
final class MessageRefs {
    private final Map<Long, Ref> byId = new ConcurrentHashMap<>();
    private final Map<IdentityKey, Ref> byMessage = new ConcurrentHashMap<>();
    private final ReferenceQueue<ApplicationMessage> collected = new ReferenceQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);

    /** A stored message's reference count. */
    static final class Ref {
        private static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Ref.class, "count", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long id;
        /** Accessed through {@link #COUNT}: a plain int keeps the per-message heap cost small. */
        private volatile int count;
        /** Whether a write holding the payload has completed; until then every writer writes the payload too. */
        private volatile boolean stored;
        private volatile IdentityKey key;

        Ref(long id, int count, boolean stored) {
            this.id = id;
            this.count = count;
            this.stored = stored;
        }

        boolean isStored() {
            return stored;
        }

        private int addAndGet(int n) {
            return (int) COUNT.getAndAdd(this, n) + n;
        }

        private boolean tryAdd(int n) {
            for (;;) {
                int c = count;
                if (c == 0) {
                    return false;
                }
                if (COUNT.compareAndSet(this, c, c + n)) {
                    return true;
                }
            }
        }
    }

    /**
     * Adds {@code n} references to the stored copy of {@code message}, giving it an id the first time it is seen.
     * When the result {@link Ref#isStored() is not stored}, the caller writes the payload in the same batch as its
     * entries and then calls {@link #stored}; if that write fails it calls {@link #release} with the same {@code n}.
     */
    Ref acquire(ApplicationMessage message, int n) {
        expungeCollected();
        IdentityKey lookup = new IdentityKey(message, null);
        for (;;) {
            Ref ref = byMessage.get(lookup);
            if (ref != null) {
                if (ref.tryAdd(n)) {
                    return ref;
                }
                byMessage.remove(lookup, ref);
                continue;
            }
            Ref fresh = new Ref(nextId.getAndIncrement(), n, false);
            IdentityKey key = new IdentityKey(message, collected);
            fresh.key = key;
            byId.put(fresh.id, fresh);
            if (byMessage.putIfAbsent(key, fresh) == null) {
                return fresh;
            }
            byId.remove(fresh.id, fresh);
        }
    }

    /** The write holding {@code ref}'s payload completed. */
    void stored(Ref ref) {
        ref.stored = true;
    }

    /**
     * Removes {@code n} references from the message of {@code ref}.
     *
     * @return true if none is left: the caller deletes the message in the batch that removes the last entry, and calls
     *     {@link #restore} if that batch fails
     */
    boolean release(Ref ref, int n) {
        int left = ref.addAndGet(-n);
        if (left < 0) {
            throw new IllegalStateException("message " + ref.id + " released more often than acquired: " + left);
        }
        if (left > 0) {
            return false;
        }
        byId.remove(ref.id, ref);
        IdentityKey key = ref.key;
        if (key != null) {
            byMessage.remove(key, ref);
        }
        return true;
    }

    /** Undoes a {@link #release} whose write failed: the entries (and the message) are still stored. */
    void restore(Ref ref, int n) {
        if (ref.addAndGet(n) == n) {
            byId.put(ref.id, ref);
        }
    }

    /** The reference count of message {@code id}, as known; null if none. */
    Ref ref(long id) {
        return byId.get(id);
    }

    /** Start-up: message {@code id} is referred to by one more stored entry. */
    void counted(long id) {
        byId.computeIfAbsent(id, i -> new Ref(i, 0, true)).addAndGet(1);
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /** Start-up: ids up to {@code id} are taken (by stored messages nothing refers to any more). */
    void seen(long id) {
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /** Loading: {@code message} is the object for stored message {@code id}; later appends of it reuse the id. */
    void register(long id, ApplicationMessage message) {
        Ref ref = byId.get(id);
        if (ref != null && ref.key == null) {
            IdentityKey key = new IdentityKey(message, collected);
            if (byMessage.putIfAbsent(key, ref) == null) {
                ref.key = key;
            }
        }
    }

    /** Forgets everything, for a rebuild after the database was reopened. Ids keep increasing. */
    void clear() {
        byId.clear();
        byMessage.clear();
        expungeCollected();
    }

    /** How many stored messages are referred to. */
    int size() {
        return byId.size();
    }

    private void expungeCollected() {
        Reference<? extends ApplicationMessage> r;
        while ((r = collected.poll()) != null) {
            byMessage.remove((IdentityKey) r);
        }
    }

    /** An object compared by identity, held weakly. A lookup key has no queue and is held only briefly. */
    private static final class IdentityKey extends WeakReference<ApplicationMessage> {
        private final int hash;

        IdentityKey(ApplicationMessage message, ReferenceQueue<ApplicationMessage> queue) {
            super(message, queue);
            this.hash = System.identityHashCode(message);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof IdentityKey other)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == other.get();
        }
    }
}
