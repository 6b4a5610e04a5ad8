package dev.roost.store.rocksdb;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Will;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of the {@code messages} and {@code retained} column families: an {@link ApplicationMessage}; also the message
 * parts a {@link Will} shares with it. Layout after the version byte:
 * {@code topic, publisherClientId, qos u8, flags u8 (1 retain, 2 has expiresAt), [expiresAt], properties, payload}.
 * Stateless.
 */
final class MessageCodec {
    private static final int RETAIN = 1;
    private static final int HAS_EXPIRY = 2;

    private static final int PAYLOAD_FORMAT = 1;
    private static final int EXPIRY_INTERVAL = 2;
    private static final int CONTENT_TYPE = 4;
    private static final int RESPONSE_TOPIC = 8;
    private static final int CORRELATION_DATA = 16;

    private MessageCodec() {
    }

    static byte[] encode(ApplicationMessage m) {
        ValueWriter w = ValueWriter.value(m.payload().length + m.topic().length() + 32);
        w.writeString(m.topic()).writeString(m.publisherClientId()).writeByte(m.qos().value());
        w.writeByte((m.retain() ? RETAIN : 0) | (m.expiresAt() != null ? HAS_EXPIRY : 0));
        if (m.expiresAt() != null) {
            w.writeInstant(m.expiresAt());
        }
        writeProperties(w, m.properties());
        w.writeBytes(m.payload());
        return w.toByteArray();
    }

    static ApplicationMessage decode(byte[] value) {
        ValueReader r = ValueReader.value(value);
        String topic = r.readString();
        String publisher = r.readString();
        Qos qos = readQos(r);
        int flags = readFlags(r, RETAIN | HAS_EXPIRY);
        Instant expiresAt = (flags & HAS_EXPIRY) != 0 ? r.readInstant() : null;
        MessageProperties properties = readProperties(r);
        byte[] payload = r.readBytes();
        r.end();
        return new ApplicationMessage(topic, payload, qos, (flags & RETAIN) != 0, properties, publisher, expiresAt);
    }

    static void writeWill(ValueWriter w, Will will) {
        w.writeString(will.topic()).writeByte(will.qos().value()).writeBoolean(will.retain())
                .writeVarLong(will.delayIntervalSeconds());
        writeProperties(w, will.properties());
        w.writeBytes(will.payload());
    }

    static Will readWill(ValueReader r) {
        String topic = r.readString();
        Qos qos = readQos(r);
        boolean retain = r.readBoolean();
        long delay = r.readVarLong();
        MessageProperties properties = readProperties(r);
        return new Will(topic, r.readBytes(), qos, retain, delay, properties);
    }

    static void writeProperties(ValueWriter w, MessageProperties p) {
        int flags = (p.payloadFormatIndicator() != null ? PAYLOAD_FORMAT : 0)
                | (p.messageExpiryIntervalSeconds() != null ? EXPIRY_INTERVAL : 0)
                | (p.contentType() != null ? CONTENT_TYPE : 0)
                | (p.responseTopic() != null ? RESPONSE_TOPIC : 0)
                | (p.correlationData() != null ? CORRELATION_DATA : 0);
        w.writeByte(flags);
        if (p.payloadFormatIndicator() != null) {
            w.writeVarInt(p.payloadFormatIndicator());
        }
        if (p.messageExpiryIntervalSeconds() != null) {
            w.writeSignedVarLong(p.messageExpiryIntervalSeconds());
        }
        if (p.contentType() != null) {
            w.writeString(p.contentType());
        }
        if (p.responseTopic() != null) {
            w.writeString(p.responseTopic());
        }
        if (p.correlationData() != null) {
            w.writeBytes(p.correlationData());
        }
        w.writeVarInt(p.userProperties().size());
        for (UserProperty u : p.userProperties()) {
            w.writeString(u.name()).writeString(u.value());
        }
    }

    static MessageProperties readProperties(ValueReader r) {
        int flags = readFlags(r, PAYLOAD_FORMAT | EXPIRY_INTERVAL | CONTENT_TYPE | RESPONSE_TOPIC | CORRELATION_DATA);
        Integer format = (flags & PAYLOAD_FORMAT) != 0 ? r.readVarInt() : null;
        Long expiry = (flags & EXPIRY_INTERVAL) != 0 ? r.readSignedVarLong() : null;
        String contentType = (flags & CONTENT_TYPE) != 0 ? r.readString() : null;
        String responseTopic = (flags & RESPONSE_TOPIC) != 0 ? r.readString() : null;
        byte[] correlation = (flags & CORRELATION_DATA) != 0 ? r.readBytes() : null;
        int count = r.readLength();
        List<UserProperty> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(new UserProperty(r.readString(), r.readString()));
        }
        if (flags == 0 && count == 0) {
            return MessageProperties.NONE;
        }
        return new MessageProperties(format, expiry, contentType, responseTopic, correlation, users);
    }

    static Qos readQos(ValueReader r) {
        int qos = r.readByte();
        if (qos > 2) {
            throw new CorruptValueException("a QoS of " + qos);
        }
        return Qos.of(qos);
    }

    static int readFlags(ValueReader r, int known) {
        int flags = r.readByte();
        if ((flags & ~known) != 0) {
            throw new CorruptValueException("unknown flags 0x" + Integer.toHexString(flags & ~known));
        }
        return flags;
    }
}
