package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A store that cannot be trusted stops start-up with a {@link StoreOpenException} that names the path and the ways to
 * recover, and nothing in it is deleted.
 */
class DamagedStoreTest {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path path() {
        return dir.resolve("store");
    }

    /** A store with one session and a log entry, closed. */
    private void createStore() {
        try (RocksDbSessionStore store = open()) {
            store.saveSession(new SessionRecord("c", MqttVersion.V5, 60, null, null));
            store.appendOutbound("c", OutboundEntry.queued(1, new ApplicationMessage("t", new byte[100],
                    Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "p", null), Qos.AT_LEAST_ONCE, false, List.of()));
            store.compact();
        }
    }

    private RocksDbSessionStore open() {
        return RocksDbSessionStore.open(RocksDbStoreConfig.of(path()));
    }

    private void assertRefusedWith(String reason) {
        assertThatThrownBy(this::open).isInstanceOfSatisfying(StoreOpenException.class, e -> {
            assertThat(e.path()).isEqualTo(path());
            assertRefusalMessage(e.getMessage(), reason);
        });
    }

    private void assertRefusalMessage(String message, String reason) {
        assertThat(message).contains("at " + path() + ":", reason, "restore " + path() + " from a backup",
                "mv " + path() + " " + path() + ".damaged", "Nothing in it was changed");
    }

    @Test
    void refusesAPathThatIsAFile() throws IOException {
        Files.writeString(path(), "not a directory");
        assertRefusedWith("it is not a directory");
        assertThat(Files.readString(path())).isEqualTo("not a directory");
    }

    @Test
    void refusesDatabaseFilesWithoutCurrentAndTouchesNothing() throws IOException {
        createStore();
        Files.delete(path().resolve("CURRENT"));
        Map<String, Integer> before = files();
        assertRefusedWith("its file CURRENT is missing, though database files are there");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void refusesAGarbledCurrentFile() throws IOException {
        createStore();
        Files.writeString(path().resolve("CURRENT"), "MANIFEST-999999\n");
        assertRefusedWith("MANIFEST-999999");
        assertThat(Files.readString(path().resolve("CURRENT"))).isEqualTo("MANIFEST-999999\n");
    }

    @Test
    void refusesADamagedTableFileAndKeepsIt() throws IOException {
        createStore();
        List<Path> tables;
        try (Stream<Path> files = Files.list(path())) {
            tables = files.filter(f -> f.toString().endsWith(".sst")).toList();
        }
        assertThat(tables).isNotEmpty();
        for (Path table : tables) {
            try (RandomAccessFile file = new RandomAccessFile(table.toFile(), "rw")) {
                for (long at = 0; at < Math.min(file.length(), 200); at += 7) {
                    file.seek(at);
                    file.write(0x5A);
                }
            }
        }
        Map<String, Integer> damaged = contents(tables);
        assertThatThrownBy(this::open).isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("damaged").hasMessageContaining("move it away");
        assertThat(contents(tables)).isEqualTo(damaged);
    }

    @Test
    void refusesAValueWithAnUnknownFormatVersion() throws RocksDBException {
        createStore();
        try (Database raw = Database.open(path(), false, false, null)) {
            raw.put(Family.SESSIONS, Keys.session("later"), new byte[] {9, 1, 2, 3});
        }
        assertRefusedWith("in column family 'sessions' at key 'later' (00056c61746572): unknown format version 9");
        try (Database raw = Database.open(path(), false, false, null)) {
            assertThat(raw.get(Family.SESSIONS, Keys.session("later"))).containsExactly(9, 1, 2, 3);
            assertThat(raw.get(Family.SESSIONS, Keys.session("c"))).isNotNull();
        }
    }

    @Test
    void refusesALogEntryWhoseMessageIsMissing() throws RocksDBException {
        createStore();
        try (Database raw = Database.open(path(), false, false, null)) {
            raw.scan(Family.MESSAGES, new byte[0], (k, v) -> raw.delete(Family.MESSAGES, k));
        }
        assertRefusedWith("refers to message 1, which is missing");
    }

    @Test
    void refusesARocksDbDatabaseThatIsNotARoostStore() throws RocksDBException {
        RocksDB.loadLibrary();
        try (org.rocksdb.Options options = new org.rocksdb.Options().setCreateIfMissing(true);
             RocksDB db = RocksDB.open(options, path().toString())) {
            db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
        assertRefusedWith("not a Roost session store");
    }

    @Test
    void refusesAStoreThatIsInUse() {
        try (RocksDbSessionStore first = open()) {
            assertThatThrownBy(this::open).isInstanceOfSatisfying(StoreOpenException.class, e -> assertThat(
                    e.getMessage()).contains(path().toString(), "in use by another broker", "Stop that broker"));
            first.saveSession(new SessionRecord("still-usable", MqttVersion.V5, 0, null, null));
        }
    }

    @Test
    void refusesACurrentFileThatCannotBeRead() throws IOException {
        createStore();
        Files.delete(path().resolve("CURRENT"));
        Files.createDirectory(path().resolve("CURRENT"));
        assertRefusedWith("its file CURRENT is not a regular file");
    }

    /**
     * Root reads whatever the permissions say, so as root the store is opened by a child JVM that {@code setpriv} runs
     * as the user nobody (65534); as anyone else, in this JVM.
     */
    @Test
    void refusesAStoreItHasNoPermissionToRead() throws IOException, InterruptedException {
        createStore();
        Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("---------"));
        try {
            if (CurrentUser.isRoot()) {
                assertRefusalMessage(openAsNobody(), "permission denied");
            } else {
                assertThat(Files.isReadable(path())).isFalse();
                assertRefusedWith("permission denied");
            }
        } finally {
            Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Opens the store in a child JVM running as nobody; returns why it was refused. */
    private String openAsNobody() throws IOException, InterruptedException {
        Set<PosixFilePermission> tempDirPermissions = Files.getPosixFilePermissions(dir);
        // The temporary directory is rwx------: let nobody pass through it (not list it) to the store and the copy of
        // the class path.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        try {
            // Control: nobody reaches the store's directory, and only its permissions stop it.
            assertThat(NobodyProcess.run(dir, PROCESS_TIMEOUT, "test", "-d", path().toString()).succeeded())
                    .as("nobody can reach %s", path()).isTrue();
            CommandResult attempt = NobodyProcess.java(dir, PROCESS_TIMEOUT, StoreOpenAttempt.class,
                    path().toString());
            assertThat(attempt.exitCode()).as("%s", attempt).isZero();
            return attempt.output().lines().filter(l -> l.startsWith(StoreOpenAttempt.REFUSED)).findFirst()
                    .orElseThrow(() -> new AssertionError("no refusal in: " + attempt));
        } finally {
            Files.setPosixFilePermissions(dir, tempDirPermissions);
        }
    }

    @Test
    void opensAnEmptyDirectoryAsANewStore() throws IOException {
        Files.createDirectories(path());
        try (RocksDbSessionStore store = open()) {
            assertThat(StoreContents.sessions(store)).isEmpty();
        }
    }

    /** Every file of the store, with a hash of its content. */
    private Map<String, Integer> files() throws IOException {
        try (Stream<Path> files = Files.list(path())) {
            return contents(files.toList());
        }
    }

    private static Map<String, Integer> contents(List<Path> files) throws IOException {
        Map<String, Integer> contents = new TreeMap<>();
        for (Path f : files) {
            contents.put(f.getFileName().toString(), Arrays.hashCode(Files.readAllBytes(f)));
        }
        return contents;
    }
}
