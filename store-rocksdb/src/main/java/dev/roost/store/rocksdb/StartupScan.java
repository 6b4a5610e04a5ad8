package dev.roost.store.rocksdb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole store once at start-up before anything is written: checks every value's format version (and decodes
 * the small ones), counts the references of each stored message into {@link MessageRefs}, and finds what nothing owns
 * any more: subscriptions, log entries and inbound ids of sessions without a record, messages no entry refers to. Only
 * when everything was readable does {@link #sweep} delete those leftovers (a race of a fan-out with a session's
 * deletion, or a crash in between two writes that the atomic batches do not cover, can leave some). Every referenced
 * message is decoded, and its payload size noted for the broker's start-up ({@link LongIntTable}); no payload is kept.
 * A scan that takes long logs its progress every {@value #PROGRESS_SECONDS} s.
 *
 * <p>Runs before the store is shared: single-threaded.
 */
final class StartupScan {
    private static final Logger log = LoggerFactory.getLogger(StartupScan.class);
    private static final long PROGRESS_SECONDS = 2;
    /** How many items are read between two looks at the clock. */
    private static final int CLOCK_STRIDE = 4096;

    private final Database db;
    private final MessageRefs refs;
    private final LongIntTable sizes;
    private final Clock clock;
    private final List<Leftover> leftovers = new ArrayList<>();
    private long sessions;
    private long entries;
    private long messages;
    private long itemsRead;
    private Instant started;
    private Instant lastReport;

    private record Leftover(Family family, byte[] key) {
    }

    /** What was found. */
    record Summary(long sessions, long entries, long messages, int removedLeftovers) {
    }

    /**
     * @param sizes where to note each referenced message's payload size, or {@code null} when nobody will load the
     *     sessions (a reopen after a failed write)
     */
    StartupScan(Database db, MessageRefs refs, LongIntTable sizes, Clock clock) {
        this.db = db;
        this.refs = refs;
        this.sizes = sizes;
        this.clock = clock;
    }

    /**
     * Reads everything.
     *
     * @throws StoreOpenException if a value cannot be read or an entry refers to a missing message
     */
    StartupScan read() {
        started = clock.instant();
        lastReport = started;
        try {
            db.scan(Family.SESSIONS, new byte[0], (k, v) -> at(Family.SESSIONS, k, () -> {
                SessionRecordCodec.decode(Keys.text(k), v);
                sessions++;
                progress();
            }));
            scanOwned(Family.SUBSCRIPTIONS, (k, v) -> SubscriptionCodec.decode(Keys.filter(k), v));
            scanOwned(Family.INBOUND_QOS2, (k, v) -> {
                Keys.packetId(k);
                ValueReader.value(v).end();
            });
            scanOwned(Family.OUTBOUND_LOG, (k, v) -> {
                refs.counted(LogEntryCodec.decode(Keys.sequence(k), v).messageId());
                entries++;
                progress();
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
        db.scan(Family.MESSAGES, new byte[0], (k, v) -> at(Family.MESSAGES, k, () -> {
            long id = Keys.messageId(k);
            ValueReader.value(v);
            refs.seen(id);
            if (refs.ref(id) == null) {
                leftovers.add(new Leftover(Family.MESSAGES, k));
            } else {
                int size = MessageCodec.decode(v).payload().length;
                if (sizes != null) {
                    sizes.put(id, size);
                }
                messages++;
            }
            progress();
        }));
        if (messages != refs.size()) {
            db.scan(Family.OUTBOUND_LOG, new byte[0], (k, v) -> {
                long id = LogEntryCodec.messageId(v);
                if (db.get(Family.MESSAGES, Keys.message(id)) == null) {
                    throw StoreOpenException.damaged(db.path(), "the outbound log entry "
                            + describe(Family.OUTBOUND_LOG, k) + " refers to message " + id + ", which is missing");
                }
            });
        }
    }

    /** Logs how far the scan got, at most every {@link #PROGRESS_SECONDS} s. */
    private void progress() {
        if (++itemsRead % CLOCK_STRIDE != 0) {
            return;
        }
        Instant now = clock.instant();
        if (Duration.between(lastReport, now).toSeconds() >= PROGRESS_SECONDS) {
            lastReport = now;
            log.info("Scanning the session store at {}: {} sessions, {} log entries and {} messages read so far, {} s",
                    db.path(), sessions, entries, messages, Duration.between(started, now).toSeconds());
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
