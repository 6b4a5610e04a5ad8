package dev.roost.store.rocksdb;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;
import org.rocksdb.Status;

/**
 * Opens the database of a store directory, refusing anything it cannot fully trust with a
 * {@link StoreOpenException}: a path that is not a directory, database files without {@code CURRENT}, unknown column
 * families, a missing or unknown format marker, and whatever RocksDB itself reports (corruption, permissions, a lock
 * held elsewhere). It never creates a database where database files already are, and never deletes one. Stateless.
 */
final class StoreOpening {
    private StoreOpening() {
    }

    /**
     * Opens the store at {@code path}, creating it if the directory is missing or empty. {@code sstFiles}: null but in
     * tests (see {@link Database#open}).
     */
    static Database open(Path path, boolean syncAllWrites, SstFileManager sstFiles) {
        boolean create = checkDirectory(path);
        if (!create) {
            checkFamilies(path);
        }
        Database db;
        try {
            db = Database.open(path, syncAllWrites, create, sstFiles);
        } catch (RocksDBException e) {
            throw classify(path, e);
        }
        try {
            checkFormat(db, create);
            return db;
        } catch (StoreOpenException e) {
            db.close();
            throw e;
        } catch (StoreWriteException e) {
            db.close();
            throw e.isOutOfSpace() ? StoreOpenException.noSpace(path, e)
                    : StoreOpenException.damaged(path, "it cannot be written (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            db.close();
            throw StoreOpenException.damaged(path, "it cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** @return whether a new database is to be created here */
    private static boolean checkDirectory(Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw StoreOpenException.damaged(path, "it is not a directory");
        }
        if (Files.exists(path.resolve("CURRENT"))) {
            if (!Files.isRegularFile(path.resolve("CURRENT"))) {
                throw StoreOpenException.damaged(path, "its file CURRENT is not a regular file");
            }
            return false;
        }
        List<String> databaseFiles = new ArrayList<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.map(f -> f.getFileName().toString()).filter(StoreOpening::isDatabaseFile)
                            .forEach(databaseFiles::add);
                }
            } else {
                Files.createDirectories(path);
            }
        } catch (AccessDeniedException e) {
            throw StoreOpenException.damaged(path, "permission denied (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw StoreOpenException.damaged(path, "it cannot be read or created (" + e + ")", e);
        }
        if (!databaseFiles.isEmpty()) {
            throw StoreOpenException.damaged(path, "its file CURRENT is missing, though database files are there ("
                    + String.join(", ", databaseFiles.subList(0, Math.min(5, databaseFiles.size())))
                    + (databaseFiles.size() > 5 ? ", ..." : "") + ")");
        }
        return true;
    }

    private static boolean isDatabaseFile(String name) {
        return name.startsWith("MANIFEST-") || name.startsWith("OPTIONS-") || name.equals("IDENTITY")
                || name.endsWith(".sst") || name.endsWith(".log") || name.endsWith(".blob");
    }

    private static void checkFamilies(Path path) {
        List<String> names;
        try {
            names = Database.listFamilies(path);
        } catch (RocksDBException e) {
            throw classify(path, e);
        }
        Set<String> known = new HashSet<>();
        for (Family f : Family.values()) {
            known.add(f.diskName());
        }
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw StoreOpenException.damaged(path, "it has column families this version of Roost does not know: "
                    + unknown + " (written by a newer version?)");
        }
    }

    private static void checkFormat(Database db, boolean create) {
        if (create) {
            db.put(Family.META, Database.FORMAT_KEY, ValueWriter.value(0).toByteArray());
            return;
        }
        byte[] marker = db.get(Family.META, Database.FORMAT_KEY);
        if (marker == null) {
            throw StoreOpenException.damaged(db.path(), "it is a RocksDB database without Roost's format marker:"
                    + " not a Roost session store");
        }
        try {
            ValueReader.value(marker).end();
        } catch (CorruptValueException e) {
            throw StoreOpenException.damaged(db.path(), "its format marker is not readable: " + e.getMessage(), e);
        }
    }

    /** Turns what RocksDB reported into a message that says what is wrong. */
    static StoreOpenException classify(Path path, RocksDBException e) {
        Status status = e.getStatus();
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("while lock file") || lower.contains("lock hold by current process")) {
            return StoreOpenException.inUse(path, e);
        }
        if (lower.contains("permission denied") || lower.contains("operation not permitted")) {
            return StoreOpenException.damaged(path, "permission denied (" + message + ")", e);
        }
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return StoreOpenException.damaged(path, "its data is damaged (" + message + ")", e);
        }
        if (lower.contains("no such file or directory")) {
            return StoreOpenException.damaged(path, "a file it needs is missing (" + message + ")", e);
        }
        if (status != null && status.getSubCode() == Status.SubCode.NoSpace) {
            return StoreOpenException.noSpace(path, e);
        }
        return StoreOpenException.damaged(path, "RocksDB refused it (" + message + ")", e);
    }
}
