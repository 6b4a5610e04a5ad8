package dev.roost.client.session;

import static dev.roost.client.session.SessionFixtures.BROKER;
import static dev.roost.client.session.SessionFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the file store, and what only a file can get wrong: torn writes, compaction, locking. */
class FileClientSessionStoreTest extends ClientSessionStoreContract {
    @TempDir
    Path directory;

    @Override
    protected ClientSessionStore open() {
        return FileClientSessionStore.open(directory, clock);
    }

    @Override
    protected ClientSessionStore reopen(ClientSessionStore current) {
        current.close();
        return FileClientSessionStore.open(directory, clock);
    }

    private StoredSession sessionWithTwoQueued() {
        StoredSession session = store.forClientId(BROKER, "c", MqttVersion.V5);
        session.append(new SessionChange.Queued(new QueuedPublish(0, message("a", Qos.AT_LEAST_ONCE, "1"))));
        session.append(new SessionChange.Queued(new QueuedPublish(1, message("b", Qos.AT_LEAST_ONCE, "2"))));
        session.sync();
        return session;
    }

    private Path onlySessionFile() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> sessions = files.filter(f -> f.toString().endsWith(FileClientSessionStore.SUFFIX)).toList();
            assertThat(sessions).hasSize(1);
            return sessions.get(0);
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndEverythingSyncedBeforeItStays() throws IOException {
        ClientSessionState synced = sessionWithTwoQueued().state();
        store.close();
        Path file = onlySessionFile();
        long goodSize = Files.size(file);
        // The start of a record whose payload never made it to disk: a length promising 100 bytes, then 3.
        Files.write(file, new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 6, 0, 0}, StandardOpenOption.APPEND);

        store = FileClientSessionStore.open(directory, clock);

        assertThat(store.forClientId(BROKER, "c", MqttVersion.V5).state().queued())
                .usingRecursiveFieldByFieldElementComparator().isEqualTo(synced.queued());
        assertThat(Files.size(file)).isGreaterThan(goodSize); // the Used record appended after reopening
    }

    @Test
    void aLastRecordWithABadChecksumIsCutOff() throws IOException {
        StoredSession session = sessionWithTwoQueued();
        session.append(new SessionChange.Sent(0, 1));
        session.sync();
        store.close();
        Path file = onlySessionFile();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 1);
            int last = raf.read();
            raf.seek(raf.length() - 1);
            raf.write(last ^ 0xFF); // flips the last byte: half-written page
        }

        store = FileClientSessionStore.open(directory, clock);

        ClientSessionState state = store.forClientId(BROKER, "c", MqttVersion.V5).state();
        assertThat(state.outbound()).isEmpty();
        assertThat(state.queued()).hasSize(2);
    }

    @Test
    void aJournalTruncatedAtEveryPossibleByteReopensAsAPrefixOfItsHistory() throws IOException {
        StoredSession session = store.forClientId(BROKER, "c", MqttVersion.V5);
        SessionData expected = new SessionData(session.state());
        List<String> history = new java.util.ArrayList<>(List.of(summary(expected.snapshot())));
        List<SessionChange> changes = List.of(
                new SessionChange.Queued(new QueuedPublish(0, message("a", Qos.AT_LEAST_ONCE, "1"))),
                new SessionChange.Queued(new QueuedPublish(1, message("b", Qos.EXACTLY_ONCE, "2"))),
                new SessionChange.Sent(0, 1), new SessionChange.Sent(1, 2), new SessionChange.PubRecReceived(2),
                new SessionChange.OutboundCompleted(1), new SessionChange.InboundStored(9));
        for (SessionChange change : changes) {
            session.append(change);
            expected.apply(change);
            history.add(summary(expected.snapshot()));
            if (history.size() % 2 == 0) {
                session.sync();
            }
        }
        session.sync();
        store.close();
        Path file = onlySessionFile();
        byte[] whole = Files.readAllBytes(file);
        int unreadable = 0;

        for (int cut = whole.length; cut >= FileJournal.MAGIC.length; cut--) {
            Files.write(file, java.util.Arrays.copyOf(whole, cut));
            try (FileClientSessionStore reopened = FileClientSessionStore.open(directory, clock)) {
                String state = summary(reopened.sessions(BROKER).get(0));
                assertThat(history).contains(state);
                if (cut == whole.length) {
                    assertThat(state).isEqualTo(history.get(history.size() - 1));
                }
            } catch (SessionStoreException e) {
                // Only a cut inside the first snapshot makes the file unreadable; creation never leaves one.
                assertThat(e).hasMessageContaining("no complete snapshot");
                unreadable++;
            }
        }
        assertThat(unreadable).isPositive();
    }

    private static String summary(ClientSessionState s) {
        return "queued=" + s.queued().stream().map(QueuedPublish::sequence).toList()
                + " outbound=" + s.outbound().stream().map(e -> e.packetId() + ":" + e.state()).toList()
                + " inbound=" + s.inboundQos2() + " last=" + s.lastPacketId();
    }

    @Test
    void aRecordThatPassesItsChecksumButCannotBeReadStopsTheStoreAndIsLeftAlone() throws IOException {
        sessionWithTwoQueued();
        store.close();
        Path file = onlySessionFile();
        ByteWriter bogus = new ByteWriter(16);
        FileJournal.frame(bogus, new byte[] {(byte) 200});
        Files.write(file, bogus.toByteArray(), StandardOpenOption.APPEND);
        long size = Files.size(file);

        assertThatThrownBy(() -> FileClientSessionStore.open(directory, clock))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("damaged")
                .hasMessageContaining("Move it out of the store directory");
        assertThat(Files.size(file)).isEqualTo(size);
        store = FileClientSessionStore.open(directory.resolve("elsewhere"), clock);
    }

    @Test
    void unsyncedChangesAreNotPromised() throws IOException {
        StoredSession session = sessionWithTwoQueued();
        session.append(new SessionChange.Sent(0, 1));

        store = reopen(store);

        assertThat(store.forClientId(BROKER, "c", MqttVersion.V5).state().outbound()).isEmpty();
    }

    @Test
    void aLargeJournalIsCompactedToOneSnapshotWithTheSameState() throws IOException {
        StoredSession session = store.forClientId(BROKER, "c", MqttVersion.V5);
        String payload = "x".repeat(64 * 1024);
        for (int i = 0; i < 40; i++) {
            session.append(new SessionChange.Queued(new QueuedPublish(i, message("t", Qos.AT_LEAST_ONCE, payload))));
            session.append(new SessionChange.Sent(i, i + 1));
            session.append(new SessionChange.OutboundCompleted(i + 1));
            session.sync();
        }
        session.append(new SessionChange.Queued(new QueuedPublish(40, message("t", Qos.AT_LEAST_ONCE, "last"))));
        session.sync();
        ClientSessionState before = session.state();

        assertThat(Files.size(onlySessionFile())).isLessThan(FileJournal.COMPACT_MIN_BYTES);
        store = reopen(store);
        assertThat(store.forClientId(BROKER, "c", MqttVersion.V5).state())
                .usingRecursiveComparison().ignoringFields("lastUsedAt").isEqualTo(before);
    }

    @Test
    void aTemporaryFileLeftByAnInterruptedCompactionIsDeleted() throws IOException {
        sessionWithTwoQueued();
        store.close();
        Path leftover = directory.resolve("0000" + FileClientSessionStore.SUFFIX + ".tmp");
        Files.write(leftover, new byte[] {1, 2, 3});

        store = FileClientSessionStore.open(directory, clock);

        assertThat(leftover).doesNotExist();
        assertThat(store.sessions(BROKER)).hasSize(1);
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> FileClientSessionStore.open(directory, clock))
                .isInstanceOf(SessionStoreException.class)
                .hasMessageContaining("already open in this JVM");
    }

    @Test
    void aRemovedSessionLeavesNoFile() throws IOException {
        store.forClientId(BROKER, "gone", MqttVersion.V5);
        store.remove(BROKER, "gone");

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.filter(f -> f.toString().endsWith(FileClientSessionStore.SUFFIX))).isEmpty();
        }
    }
}
