package dev.roost.client.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * One session's append-only journal file, the persistence of {@link FileClientSessionStore}.
 *
 * <pre>
 * file   = magic "ROOSTSJ" 0x01, record*
 * record = length (4 bytes, of payload) | CRC-32 of payload (4 bytes) | payload (an encoded {@link SessionChange})
 * </pre>
 * The first record is always {@link SessionChange.Replaced} with a whole state. {@link #append} only buffers;
 * {@link #sync} writes what is buffered with one {@code write} and one {@code fdatasync}, so a batch of changes costs
 * one sync. A file is created, and compacted, by writing the new content to a temporary file, fsyncing it, renaming it
 * over the old name (atomic) and fsyncing the directory: at any moment the file is the old or the new content, whole.
 * Compaction happens during a sync once the journal is much larger than its last snapshot. Reading it back is
 * {@link JournalReader}'s job.
 *
 * <p>Not thread-safe: one thread at a time, as {@link StoredSession} promises.
 */
final class FileJournal implements Journal {
    static final byte[] MAGIC = {'R', 'O', 'O', 'S', 'T', 'S', 'J', 1};
    static final int FRAME_HEADER = 8;
    /** A journal is compacted once it exceeds both this and {@link #COMPACT_RATIO} times its last snapshot. */
    static final long COMPACT_MIN_BYTES = 1 << 20;
    static final int COMPACT_RATIO = 4;

    private final Path file;
    private FileChannel channel;
    private ByteWriter pending = new ByteWriter(4096);
    private long size;
    private long snapshotSize;
    private boolean deleted;

    private FileJournal(Path file, FileChannel channel, long size, long snapshotSize) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.snapshotSize = snapshotSize;
    }

    /** Creates the journal of a new session atomically, holding {@code state} as its first record. */
    static FileJournal create(Path file, ClientSessionState state) {
        long written = writeAtomically(file, state);
        return new FileJournal(file, openForAppend(file, written), written, written);
    }

    /** Continues a journal {@link JournalReader} has read and truncated to {@code size} bytes. */
    static FileJournal reopen(Path file, long size, long snapshotSize) {
        return new FileJournal(file, openForAppend(file, size), size, snapshotSize);
    }

    @Override
    public void append(SessionChange change) {
        requireUsable();
        frame(pending, SessionCodec.encodeChange(change));
    }

    @Override
    public void sync(Supplier<ClientSessionState> snapshot) {
        requireUsable();
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        pending = new ByteWriter(4096);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new SessionStoreException("Cannot write the client session journal " + file + ": " + e
                    + ". Check free space and permissions; the session keeps what was written before.", e);
        }
        size += bytes.length;
        if (size > COMPACT_MIN_BYTES && size > COMPACT_RATIO * snapshotSize) {
            compact(snapshot.get());
        }
    }

    /** Replaces the journal with one record holding {@code state}. */
    void compact(ClientSessionState state) {
        closeChannel();
        long written = writeAtomically(file, state);
        channel = openForAppend(file, written);
        size = written;
        snapshotSize = written;
    }

    @Override
    public void delete() {
        if (deleted) {
            return;
        }
        closeChannel();
        deleted = true;
        try {
            Files.deleteIfExists(file);
            fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new SessionStoreException("Cannot delete the client session journal " + file + ": " + e, e);
        }
    }

    @Override
    public void close() {
        closeChannel();
    }

    long size() {
        return size;
    }

    private void requireUsable() {
        if (deleted || channel == null) {
            throw new IllegalStateException("the journal " + file + " is " + (deleted ? "deleted" : "closed"));
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new SessionStoreException("Cannot close the client session journal " + file + ": " + e, e);
            } finally {
                channel = null;
            }
        }
    }

    static void frame(ByteWriter out, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        out.i32(payload.length).i32((int) crc.getValue()).raw(payload);
    }

    /** Writes magic and one snapshot record to a temporary file, fsyncs it and renames it to {@code file}. */
    private static long writeAtomically(Path file, ClientSessionState state) {
        ByteWriter content = new ByteWriter(256);
        content.raw(MAGIC);
        frame(content, SessionCodec.encodeChange(new SessionChange.Replaced(state)));
        byte[] bytes = content.toByteArray();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new SessionStoreException("Cannot write the client session file " + file + ": " + e
                    + ". Check free space and permissions of " + file.getParent() + ".", e);
        }
        return bytes.length;
    }

    private static FileChannel openForAppend(Path file, long size) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channel.position(size);
            return channel;
        } catch (IOException e) {
            throw new SessionStoreException("Cannot open the client session journal " + file + ": " + e, e);
        }
    }

    /** Makes a rename or delete in {@code directory} durable (POSIX: fsync the directory). */
    static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
