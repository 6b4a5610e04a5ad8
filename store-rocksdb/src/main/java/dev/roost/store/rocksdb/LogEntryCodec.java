package dev.roost.store.rocksdb;

import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.protocol.Qos;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of the {@code outbound_log} column family: a {@link LogEntry} without its sequence (the key's tail). Layout
 * after the version byte: {@code messageId varint, qos u8, retainFlag u8, state u8, packetId u16, count varint,
 * subscription identifiers varint...}. Stateless.
 */
final class LogEntryCodec {
    private static final OutboundEntry.State[] STATES = OutboundEntry.State.values();

    private LogEntryCodec() {
    }

    static byte[] encode(LogEntry e) {
        ValueWriter w = ValueWriter.value(16 + 5 * e.subscriptionIdentifiers().size());
        w.writeVarLong(e.messageId()).writeByte(e.qos().value()).writeBoolean(e.retainFlag())
                .writeByte(e.state().ordinal()).writeShort(e.packetId())
                .writeVarInt(e.subscriptionIdentifiers().size());
        for (int id : e.subscriptionIdentifiers()) {
            w.writeVarInt(id);
        }
        return w.toByteArray();
    }

    static LogEntry decode(long sequence, byte[] value) {
        ValueReader r = ValueReader.value(value);
        long messageId = r.readVarLong();
        Qos qos = MessageCodec.readQos(r);
        boolean retainFlag = r.readBoolean();
        int state = r.readByte();
        if (state >= STATES.length) {
            throw new CorruptValueException("an outbound entry state of " + state);
        }
        int packetId = r.readShort();
        int count = r.readLength();
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(r.readVarInt());
        }
        r.end();
        return new LogEntry(sequence, messageId, qos, retainFlag, ids, packetId, STATES[state]);
    }

    /** Only the message id: what the start-up scan needs to count references. */
    static long messageId(byte[] value) {
        return ValueReader.value(value).readVarLong();
    }
}
