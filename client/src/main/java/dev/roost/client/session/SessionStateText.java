package dev.roost.client.session;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A whole {@link ClientSessionState} as one line of text, to save anywhere and bring back later:
 * {@code "roost-session:1:"} followed by URL-safe Base64 of the binary state and its CRC-32. The prefix names the
 * format and its version; the checksum catches a string cut short or mangled on the way.
 *
 * <pre>{@code
 * String saved = SessionStateText.encode(state);
 * ClientSessionState back = SessionStateText.decode(saved);   // equal in content to state
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class SessionStateText {
    /** What every exported session starts with. */
    public static final String PREFIX = "roost-session:1:";

    private SessionStateText() {
    }

    public static String encode(ClientSessionState state) {
        byte[] body = SessionCodec.encodeState(Objects.requireNonNull(state, "state"));
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] withCrc = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(withCrc);
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not an exported session of this format, or was changed
     *     (the message says which)
     */
    public static ClientSessionState decode(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.strip();
        if (!trimmed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a Roost session export: it does not start with '" + PREFIX + "'");
        }
        byte[] withCrc;
        try {
            withCrc = Base64.getUrlDecoder().decode(trimmed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Roost session export is not valid Base64: " + e.getMessage(), e);
        }
        if (withCrc.length < 5) {
            throw new IllegalArgumentException("Roost session export is too short (" + withCrc.length + " bytes)");
        }
        int bodyLength = withCrc.length - 4;
        CRC32 crc = new CRC32();
        crc.update(withCrc, 0, bodyLength);
        if ((int) crc.getValue() != ByteBuffer.wrap(withCrc, bodyLength, 4).getInt()) {
            throw new IllegalArgumentException("Roost session export is damaged: checksum mismatch (cut short or"
                    + " changed?)");
        }
        byte[] body = new byte[bodyLength];
        System.arraycopy(withCrc, 0, body, 0, bodyLength);
        try {
            return SessionCodec.decodeState(body);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Roost session export cannot be read: " + e.getMessage(), e);
        }
    }
}
