package dev.roost.store.rocksdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the whole store once at start-up before anything is written: checks every value's format version (and decodes
 * the small ones), counts the references of each stored message into {@link MessageRefs}, and finds what nothing owns
 * any more: subscriptions, log entries and inbound ids of sessions without a record, messages no entry refers to. Only
 * when everything was readable does {@link #sweep} delete those leftovers (a race of a fan-out with a session's
 * deletion, or a crash in between two writes that the atomic batches do not cover, can leave some).
 *
 * <p>Runs before the store is shared: single-threaded.
 */
final class StartupScan {
    private final Database db;
    private final MessageRefs refs;
    private final List<Leftover> leftovers = new ArrayList<>();
    private long sessions;
    private long entries;
    private long messages;

    private record Leftover(Family family, byte[] key) {
    }

    /** What was found. */
    record Summary(long sessions, long entries, long messages, int removedLeftovers) {
    }

    StartupScan(Database db, MessageRefs refs) {
        this.db = db;
        this.refs = refs;
    }

    /**
     * Reads everything.
     *
     * @throws StoreOpenException if a value cannot be read or an entry refers to a missing message
     */
    StartupScan read() {
        try {
            db.scan(Family.SESSIONS, new byte[0], (k, v) -> at(Family.SESSIONS, k, () -> {
                SessionRecordCodec.decode(Keys.text(k), v);
                sessions++;
            }));
            scanOwned(Family.SUBSCRIPTIONS, (k, v) -> SubscriptionCodec.decode(Keys.filter(k), v));
            scanOwned(Family.INBOUND_QOS2, (k, v) -> {
                Keys.packetId(k);
                ValueReader.value(v).end();
            });
            scanOwned(Family.OUTBOUND_LOG, (k, v) -> {
                refs.counted(LogEntryCodec.decode(Keys.sequence(k), v).messageId());
                entries++;
            });
            db.scan(Family.RETAINED, new byte[0], (k, v) -> at(Family.RETAINED, k, () -> {
                Keys.text(k);
                MessageCodec.decode(v);
            }));
            scanMessages();
        } catch (CorruptValueException e) {
            throw StoreOpenException.damaged(db.path(), "a value cannot be read: " + e.getMessage(), e);
        } catch (StoreOpenException e) {
            throw e;
        } catch (RuntimeException e) {
            throw StoreOpenException.damaged(db.path(), "it cannot be read: " + e.getMessage(), e);
        }
        return this;
    }

    /** Deletes the leftovers {@link #read} found, in one batch. */
    Summary sweep() {
        if (!leftovers.isEmpty()) {
            try (Database.Batch batch = db.batch()) {
                for (Leftover l : leftovers) {
                    batch.delete(l.family(), l.key());
                }
                db.write(batch);
            } catch (StoreWriteException e) {
                throw e.isOutOfSpace() ? StoreOpenException.noSpace(db.path(), e)
                        : StoreOpenException.damaged(db.path(), "leftovers could not be removed: " + e.getMessage(), e);
            }
        }
        return new Summary(sessions, entries, messages, leftovers.size());
    }

    /** Scans a session-scoped family: items of a session without a record are leftovers, not decoded further. */
    private void scanOwned(Family family, Visitor visitor) {
        byte[][] lastPrefix = {null};
        boolean[] lastOwned = {false};
        db.scan(family, new byte[0], (k, v) -> at(family, k, () -> {
            byte[] prefix = Arrays.copyOf(k, Keys.prefixLength(k));
            if (!Arrays.equals(prefix, lastPrefix[0])) {
                lastPrefix[0] = prefix;
                lastOwned[0] = db.get(Family.SESSIONS, prefix) != null;
            }
            ValueReader.value(v);
            if (lastOwned[0]) {
                visitor.visit(k, v);
            } else {
                leftovers.add(new Leftover(family, k));
            }
        }));
    }

    private void scanMessages() {
        long[] found = {0};
        db.scan(Family.MESSAGES, new byte[0], (k, v) -> at(Family.MESSAGES, k, () -> {
            long id = Keys.messageId(k);
            ValueReader.value(v);
            refs.seen(id);
            if (refs.ref(id) == null) {
                leftovers.add(new Leftover(Family.MESSAGES, k));
            } else {
                found[0]++;
            }
        }));
        messages = found[0];
        if (found[0] != refs.size()) {
            db.scan(Family.OUTBOUND_LOG, new byte[0], (k, v) -> {
                long id = LogEntryCodec.messageId(v);
                if (db.get(Family.MESSAGES, Keys.message(id)) == null) {
                    throw StoreOpenException.damaged(db.path(), "the outbound log entry "
                            + describe(Family.OUTBOUND_LOG, k) + " refers to message " + id + ", which is missing");
                }
            });
        }
    }

    private static void at(Family family, byte[] key, Runnable decode) {
        try {
            decode.run();
        } catch (CorruptValueException e) {
            throw new CorruptValueException("in column family '" + family.diskName() + "' at key "
                    + describe(family, key) + ": " + e.getMessage());
        }
    }

    /** A key for a message: its client id or topic when it has one, and its bytes in hex. */
    static String describe(Family family, byte[] key) {
        String hex = HexFormat.of().formatHex(key, 0, Math.min(key.length, 64)) + (key.length > 64 ? "..." : "");
        if (family == Family.MESSAGES || family == Family.META) {
            return hex;
        }
        try {
            return "'" + Keys.text(key) + "' (" + hex + ")";
        } catch (CorruptValueException e) {
            return hex;
        }
    }

    @FunctionalInterface
    private interface Visitor {
        void visit(byte[] key, byte[] value);
    }
}
