package dev.roost.store.rocksdb;

import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import java.time.Instant;

/**
 * Values of the {@code sessions} column family: a {@link SessionRecord} without its client id (that is the key).
 * Layout after the version byte: {@code protocol level u8, expiryIntervalSeconds varint, flags u8 (1 disconnected,
 * 2 has will), [disconnectedAt], [will]}. Stateless.
 */
final class SessionRecordCodec {
    private static final int DISCONNECTED = 1;
    private static final int HAS_WILL = 2;

    private SessionRecordCodec() {
    }

    static byte[] encode(SessionRecord record) {
        ValueWriter w = ValueWriter.value(record.will() == null ? 16 : 64 + record.will().payload().length);
        w.writeByte(record.version().level()).writeVarLong(record.expiryIntervalSeconds());
        w.writeByte((record.disconnectedAt() != null ? DISCONNECTED : 0) | (record.will() != null ? HAS_WILL : 0));
        if (record.disconnectedAt() != null) {
            w.writeInstant(record.disconnectedAt());
        }
        if (record.will() != null) {
            MessageCodec.writeWill(w, record.will());
        }
        return w.toByteArray();
    }

    static SessionRecord decode(String clientId, byte[] value) {
        ValueReader r = ValueReader.value(value);
        int level = r.readByte();
        MqttVersion version = MqttVersion.ofLevel(level);
        if (version == null) {
            throw new CorruptValueException("an MQTT protocol level of " + level);
        }
        long expiry = r.readVarLong();
        int flags = MessageCodec.readFlags(r, DISCONNECTED | HAS_WILL);
        Instant disconnectedAt = (flags & DISCONNECTED) != 0 ? r.readInstant() : null;
        Will will = (flags & HAS_WILL) != 0 ? MessageCodec.readWill(r) : null;
        r.end();
        return new SessionRecord(clientId, version, expiry, disconnectedAt, will);
    }
}
