package dev.roost.client.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link FileJournal} back at start-up: replays its records into a {@link SessionData} and cuts off a torn
 * tail.
 *
 * <p>Only an append can be interrupted, so only the end of a journal can be incomplete: a record whose length runs
 * past the end of the file, or whose CRC-32 does not match, is where the last write stopped. Everything from there on
 * was never synced (a sync covers whole batches, in order), so cutting it off loses nothing that was promised; the
 * file is truncated and fsynced there, with a warning. What a CRC cannot explain — a wrong magic, a missing first
 * snapshot, a record that passes its CRC but cannot be decoded or applied — is damage: it stops with a
 * {@link SessionStoreException} naming the file, and the file is left as it is.
 *
 * <p>Stateless and thread-safe.
 */
final class JournalReader {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);

    /** A journal read back: the session's state and how far the file is valid. */
    record Loaded(SessionData data, long validSize, long snapshotSize) {
    }

    private JournalReader() {
    }

    static Loaded read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SessionStoreException("Cannot read the client session journal " + file + ": " + e, e);
        }
        if (bytes.length < FileJournal.MAGIC.length
                || !Arrays.equals(bytes, 0, FileJournal.MAGIC.length, FileJournal.MAGIC, 0, FileJournal.MAGIC.length)) {
            throw damaged(file, "it does not start with the journal's magic bytes", null);
        }
        int offset = FileJournal.MAGIC.length;
        SessionData data = null;
        long snapshotSize = 0;
        while (offset < bytes.length) {
            int length = payloadLength(bytes, offset);
            if (length < 0) {
                break;
            }
            int payloadOffset = offset + FileJournal.FRAME_HEADER;
            SessionChange change;
            try {
                change = SessionCodec.decodeChange(bytes, payloadOffset, length);
            } catch (RuntimeException e) {
                throw damaged(file, "the record at byte " + offset + " cannot be decoded (" + e.getMessage() + ")", e);
            }
            try {
                if (data == null) {
                    if (!(change instanceof SessionChange.Replaced first)) {
                        throw new IllegalStateException("the first record is " + change.kind() + ", not a snapshot");
                    }
                    data = new SessionData(first.state());
                } else {
                    data.apply(change);
                }
            } catch (RuntimeException e) {
                throw damaged(file, "the record at byte " + offset + " does not fit the session ("
                        + e.getMessage() + ")", e);
            }
            offset = payloadOffset + length;
            if (snapshotSize == 0) {
                snapshotSize = offset;
            }
        }
        if (data == null) {
            throw damaged(file, "it holds no complete snapshot", null);
        }
        if (offset < bytes.length) {
            LOG.warn("Client session journal {}: discarding an incomplete last write of {} bytes at byte {} (the"
                    + " application stopped while writing it; it was never acknowledged)", file,
                    bytes.length - offset, offset);
            truncate(file, offset);
        }
        return new Loaded(data, offset, snapshotSize);
    }

    /** @return the payload length of the whole, intact record at {@code offset}, or -1 when it is torn */
    private static int payloadLength(byte[] bytes, int offset) {
        if (bytes.length - offset < FileJournal.FRAME_HEADER) {
            return -1;
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, offset, FileJournal.FRAME_HEADER);
        int length = header.getInt();
        int crc = header.getInt();
        if (length <= 0 || length > bytes.length - offset - FileJournal.FRAME_HEADER) {
            return -1;
        }
        CRC32 actual = new CRC32();
        actual.update(bytes, offset + FileJournal.FRAME_HEADER, length);
        return (int) actual.getValue() == crc ? length : -1;
    }

    private static void truncate(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        } catch (IOException e) {
            throw new SessionStoreException("Cannot cut the torn end off the client session journal " + file + ": "
                    + e, e);
        }
    }

    private static SessionStoreException damaged(Path file, String why, Throwable cause) {
        return new SessionStoreException("The client session journal " + file + " is damaged: " + why + ". It was"
                + " left untouched. Move it out of the store directory to open the store without that session"
                + " (the server may still hold it), or restore the session from an export.", cause);
    }
}
