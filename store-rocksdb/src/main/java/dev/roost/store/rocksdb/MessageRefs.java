package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
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
 * <p>Memory: a store may hold millions of messages, so a count costs no object: {@link RefCounts} keeps id, count and
 * "stored" flag in primitive arrays. Objects are mapped by identity through weak references: an object the broker no
 * longer holds costs nothing here. An object may keep its mapping after its id's count reached 0; {@link #acquire}
 * then finds the id uncounted and gives the object a fresh one.
 *
 * <p>Thread-safe: the counts are split into {@value #STRIPES} stripes by id, each behind its own monitor, held only
 * for one table operation (never across a write).
 */
final class MessageRefs {
    /**
     * Enough that writers of different lanes rarely meet, and that each stripe's arrays stay below the size G1 treats
     * as humongous (half a region, at least 512 KB) up to about 2,000,000 messages: a humongous array wastes the rest
     * of its last region, which would double the cost per message.
     */
    private static final int STRIPES = 64;

    private final RefCounts[] stripes = new RefCounts[STRIPES];
    /** Each key is its own value, so that a lookup by object finds the key that carries the id. */
    private final ConcurrentHashMap<IdentityKey, IdentityKey> byMessage = new ConcurrentHashMap<>();
    private final ReferenceQueue<ApplicationMessage> collected = new ReferenceQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);

    MessageRefs() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new RefCounts();
        }
    }

    /**
     * One caller's handle on a stored message's count, for the duration of one write: its id, and whether its payload
     * is stored as last seen by {@link #acquire} or {@link #release} through this handle. Not thread-safe; not kept.
     */
    static final class Ref {
        final long id;
        private boolean stored;

        private Ref(long id, boolean stored) {
            this.id = id;
            this.stored = stored;
        }

        boolean isStored() {
            return stored;
        }
    }

    /**
     * Adds {@code n} references to the stored copy of {@code message}, giving it an id the first time it is seen.
     * When the result {@link Ref#isStored() is not stored}, the caller writes the payload in the same batch as its
     * entries and then calls {@link #stored}; if that write fails it calls {@link #release} with the same {@code n}.
     */
    Ref acquire(ApplicationMessage message, int n) {
        expungeCollected();
        IdentityKey lookup = new IdentityKey(message, 0, null);
        for (;;) {
            IdentityKey known = byMessage.get(lookup);
            if (known != null) {
                RefCounts counts = stripe(known.id);
                synchronized (counts) {
                    if (counts.add(known.id, n)) {
                        return new Ref(known.id, counts.isStored(known.id));
                    }
                }
                byMessage.remove(known, known); // its count reached 0: final
                continue;
            }
            long id = nextId.getAndIncrement();
            RefCounts counts = stripe(id);
            synchronized (counts) {
                counts.insert(id, n, false);
            }
            IdentityKey key = new IdentityKey(message, id, collected);
            if (byMessage.putIfAbsent(key, key) == null) {
                return new Ref(id, false);
            }
            synchronized (counts) {
                counts.remove(id); // another thread gave the object an id first; nobody knows this one
            }
        }
    }

    /** The write holding {@code ref}'s payload completed. */
    void stored(Ref ref) {
        ref.stored = true;
        RefCounts counts = stripe(ref.id);
        synchronized (counts) {
            counts.markStored(ref.id);
        }
    }

    /**
     * Removes {@code n} references from the message of {@code ref}, and updates {@link Ref#isStored()}.
     *
     * @return true if none is left: the caller deletes the message in the batch that removes the last entry, and calls
     *     {@link #restore} if that batch fails
     */
    boolean release(Ref ref, int n) {
        RefCounts counts = stripe(ref.id);
        synchronized (counts) {
            int left = counts.count(ref.id) - n;
            if (left < 0) {
                throw new IllegalStateException("message " + ref.id + " released more often than acquired: " + left);
            }
            ref.stored = counts.isStored(ref.id);
            if (left > 0) {
                counts.add(ref.id, -n);
                return false;
            }
            counts.remove(ref.id);
            return true;
        }
    }

    /** Undoes a {@link #release} whose write failed: the entries (and the message) are still stored. */
    void restore(Ref ref, int n) {
        RefCounts counts = stripe(ref.id);
        synchronized (counts) {
            if (!counts.add(ref.id, n)) {
                counts.insert(ref.id, n, true);
            }
        }
    }

    /** A handle on the count of message {@code id}; null if it has none (no entry refers to it). */
    Ref ref(long id) {
        RefCounts counts = stripe(id);
        synchronized (counts) {
            return counts.count(id) == 0 ? null : new Ref(id, counts.isStored(id));
        }
    }

    /** Start-up: message {@code id} is referred to by one more stored entry. */
    void counted(long id) {
        RefCounts counts = stripe(id);
        synchronized (counts) {
            if (!counts.add(id, 1)) {
                counts.insert(id, 1, true);
            }
        }
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /** Start-up: ids up to {@code id} are taken (by stored messages nothing refers to any more). */
    void seen(long id) {
        nextId.accumulateAndGet(id + 1, Math::max);
    }

    /**
     * Loading: {@code message} is an object for stored message {@code id}; later appends of it reuse the id. Several
     * objects may stand for one id (one per read that loaded it).
     */
    void register(long id, ApplicationMessage message) {
        if (ref(id) != null) {
            IdentityKey key = new IdentityKey(message, id, collected);
            byMessage.putIfAbsent(key, key);
        }
    }

    /** Forgets everything, for a rebuild after the database was reopened. Ids keep increasing. */
    void clear() {
        for (RefCounts counts : stripes) {
            synchronized (counts) {
                counts.clear();
            }
        }
        byMessage.clear();
        expungeCollected();
    }

    /** How many stored messages are referred to. */
    int size() {
        int size = 0;
        for (RefCounts counts : stripes) {
            synchronized (counts) {
                size += counts.size();
            }
        }
        return size;
    }

    private RefCounts stripe(long id) {
        return stripes[(int) ((id * 0x9E3779B97F4A7C15L) >>> 58)];
    }

    private void expungeCollected() {
        Reference<? extends ApplicationMessage> r;
        while ((r = collected.poll()) != null) {
            byMessage.remove((IdentityKey) r, r);
        }
    }

    /**
     * An object compared by identity, held weakly, with the id it stands for. A lookup key has no queue and is held
     * only briefly.
     */
    private static final class IdentityKey extends WeakReference<ApplicationMessage> {
        final long id;
        private final int hash;

        IdentityKey(ApplicationMessage message, long id, ReferenceQueue<ApplicationMessage> queue) {
            super(message, queue);
            this.id = id;
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
