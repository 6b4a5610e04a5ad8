package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ClientSessionStore}: one directory, one append-only journal file per session
 * ({@code <random>.session}, see {@link FileJournal}), and a lock file that keeps a second process out.
 *
 * <p><b>Crash safety.</b> An application killed at any moment reopens a consistent store: a session file is created
 * and compacted by write-to-temporary, fsync, atomic rename, fsync of the directory; changes are appended as records
 * with a length and a CRC-32 and fsynced (a batch at a time) before the client puts anything they describe on the
 * wire; a torn last record is cut off when the store opens; leftover temporary files are deleted.
 *
 * <pre>{@code
 * try (FileClientSessionStore store = FileClientSessionStore.open(Path.of("sessions"))) {
 *     RoostClient client = RoostClient.create(config.newBuilder().sessionStore(store).build());
 * }
 * }</pre>
 *
 * <p>Thread-safe; see {@link ClientSessionStore} and {@link StoredSession}. One process at a time may open a
 * directory; within a JVM, open it once and share the instance.
 */
public final class FileClientSessionStore implements ClientSessionStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileClientSessionStore.class);
    static final String SUFFIX = ".session";
    private static final String LOCK_FILE = "store.lock";

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SessionCatalog catalog;

    private FileClientSessionStore(Path directory, FileChannel lockChannel, FileLock lock, Clock clock) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.catalog = new SessionCatalog(clock, state -> FileJournal.create(
                directory.resolve(UUID.randomUUID() + SUFFIX), state));
    }

    /** Opens (creating if needed) the store in {@code directory}, with the system clock. */
    public static FileClientSessionStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    /**
     * Opens (creating if needed) the store in {@code directory} and reads every session in it.
     *
     * @param clock gives the "last used" times
     * @throws SessionStoreException when the directory cannot be used, another process has it open, or a session
     *     file is damaged; the message names the path and what to do
     */
    public static FileClientSessionStore open(Path directory, Clock clock) {
        Path dir = directory.toAbsolutePath();
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel, dir);
            FileClientSessionStore store = new FileClientSessionStore(dir, lockChannel, lock, clock);
            try {
                store.load();
            } catch (IOException | RuntimeException e) {
                store.catalog.close();
                throw e;
            }
            return store;
        } catch (IOException e) {
            closeAfterFailure(lockChannel, e);
            throw new SessionStoreException("Cannot open the client session store " + dir + ": " + e
                    + ". Check that it is a writable directory.", e);
        } catch (RuntimeException e) {
            closeAfterFailure(lockChannel, e);
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new SessionStoreException("The client session store " + dir + " is already open in this JVM: open"
                    + " it once and share the FileClientSessionStore instance.", e);
        }
        if (lock == null) {
            throw new SessionStoreException("The client session store " + dir + " is in use by another process."
                    + " Give each application instance its own directory.");
        }
        return lock;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(SUFFIX + ".tmp")) {
                    LOG.debug("Deleting {}, left by an interrupted write", file);
                    Files.delete(file);
                } else if (name.endsWith(SUFFIX)) {
                    JournalReader.Loaded loaded = JournalReader.read(file);
                    catalog.adopt(loaded.data(), FileJournal.reopen(file, loaded.validSize(), loaded.snapshotSize()));
                }
            }
        }
        FileJournal.fsyncDirectory(directory);
    }

    /** The directory this store keeps its files in. */
    public Path directory() {
        return directory;
    }

    @Override
    public StoredSession lastUsed(BrokerAddress broker, MqttVersion version) {
        return catalog.lastUsed(broker, version);
    }

    @Override
    public StoredSession forClientId(BrokerAddress broker, String clientId, MqttVersion version) {
        return catalog.forClientId(broker, clientId, version);
    }

    @Override
    public boolean hasAny(BrokerAddress broker) {
        return catalog.hasAny(broker);
    }

    @Override
    public StoredSession createNullSession(BrokerAddress broker, MqttVersion version) {
        return catalog.createNullSession(broker, version);
    }

    @Override
    public StoredSession restore(ClientSessionState state) {
        return catalog.restore(state);
    }

    @Override
    public List<ClientSessionState> sessions(BrokerAddress broker) {
        return catalog.sessions(broker);
    }

    @Override
    public boolean remove(BrokerAddress broker, String clientId) {
        return catalog.remove(broker, clientId);
    }

    /** Closes every journal and releases the directory. Changes appended but not synced are not written. */
    @Override
    public synchronized void close() {
        if (!lockChannel.isOpen()) {
            return;
        }
        try {
            catalog.close();
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException e) {
                throw new SessionStoreException("Cannot release the lock of the client session store " + directory
                        + ": " + e, e);
            }
        }
    }

    @Override
    public String toString() {
        return "FileClientSessionStore[" + directory + "]";
    }

    private static void closeAfterFailure(FileChannel channel, Exception failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
