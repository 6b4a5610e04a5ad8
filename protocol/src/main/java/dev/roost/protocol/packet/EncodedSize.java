package dev.roost.protocol.packet;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.UserProperty;
import java.util.Objects;

/**
 * The exact number of bytes a packet takes on the wire, computed without encoding it. The broker uses it to respect a
 * client's Maximum Packet Size (3.1.2.11.4): a PUBLISH larger than that must not be sent [MQTT-3.1.2-24].
 *
 * <p>The count follows the codec's encoding rules: for 5.0 a property is written only when it is present (non-null,
 * non-empty, or non-zero for the topic alias), user properties and subscription identifiers once per entry; for 3.1.x
 * no properties at all. Strings count as Java's UTF-8 encoder writes them (a lone surrogate becomes one {@code '?'}).
 * Stateless and thread-safe.
 */
public final class EncodedSize {
    /** The largest value a Variable Byte Integer can carry (1.5.5). */
    public static final int MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

    private EncodedSize() {
    }

    /**
     * @return the size in bytes of this PUBLISH encoded for a peer of this version: fixed header (type byte and
     *     Remaining Length) plus Remaining Length. A PUBLISH too large to encode at all (Remaining Length above
     *     {@link #MAX_VARIABLE_BYTE_INTEGER}) yields a value above any Maximum Packet Size a peer can declare.
     */
    public static long publish(Publish publish, MqttVersion version) {
        Objects.requireNonNull(publish, "publish");
        Objects.requireNonNull(version, "version");
        long remaining = 2L + utf8Length(publish.topic());
        if (publish.qos().value() > 0) {
            remaining += 2;
        }
        if (version.isV5()) {
            long properties = publishProperties(publish);
            remaining += variableByteIntegerSize(properties) + properties;
        }
        remaining += publish.payload().length;
        return 1 + variableByteIntegerSize(remaining) + remaining;
    }

    /** @return the size of the property block's content (without its own length prefix) of a 5.0 PUBLISH */
    private static long publishProperties(Publish publish) {
        MessageProperties p = publish.properties();
        long size = 0;
        if (p.payloadFormatIndicator() != null) {
            size += 1 + 1;
        }
        if (p.messageExpiryIntervalSeconds() != null) {
            size += 1 + 4;
        }
        if (p.contentType() != null) {
            size += 1 + 2 + utf8Length(p.contentType());
        }
        if (p.responseTopic() != null) {
            size += 1 + 2 + utf8Length(p.responseTopic());
        }
        if (p.correlationData() != null) {
            size += 1 + 2 + p.correlationData().length;
        }
        for (UserProperty u : p.userProperties()) {
            size += 1 + 2 + utf8Length(u.name()) + 2 + utf8Length(u.value());
        }
        for (int id : publish.subscriptionIdentifiers()) {
            size += 1 + variableByteIntegerSize(id);
        }
        if (publish.topicAlias() != 0) {
            size += 1 + 2;
        }
        return size;
    }

    /**
     * @return how many bytes a Variable Byte Integer takes for this value: 1 to 4, or 5 for a value too large to
     *     encode (so that sizes built on it stay above every legal limit)
     */
    public static int variableByteIntegerSize(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative variable byte integer: " + value);
        }
        if (value < 128) {
            return 1;
        }
        if (value < 16_384) {
            return 2;
        }
        if (value < 2_097_152) {
            return 3;
        }
        return value <= MAX_VARIABLE_BYTE_INTEGER ? 4 : 5;
    }

    /** @return the length of this string in UTF-8 as Java's encoder writes it; a lone surrogate counts one byte */
    public static int utf8Length(String s) {
        int length = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
