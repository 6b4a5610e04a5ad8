package dev.roost.store.rocksdb;

import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;

/**
 * Values of the {@code subscriptions} column family: a {@link SessionSubscription} without its filter (the key's
 * tail). Layout after the version byte: {@code qos u8, flags u8 (1 no local, 2 retain as published), retain handling
 * u8, subscription identifier varint}. Stateless.
 */
final class SubscriptionCodec {
    private static final int NO_LOCAL = 1;
    private static final int RETAIN_AS_PUBLISHED = 2;

    private SubscriptionCodec() {
    }

    static byte[] encode(SessionSubscription s) {
        Subscription sub = s.subscription();
        return ValueWriter.value(8).writeByte(sub.qos().value())
                .writeByte((sub.noLocal() ? NO_LOCAL : 0) | (sub.retainAsPublished() ? RETAIN_AS_PUBLISHED : 0))
                .writeByte(sub.retainHandling())
                .writeVarInt(s.subscriptionIdentifier())
                .toByteArray();
    }

    static SessionSubscription decode(String filter, byte[] value) {
        ValueReader r = ValueReader.value(value);
        Qos qos = MessageCodec.readQos(r);
        int flags = MessageCodec.readFlags(r, NO_LOCAL | RETAIN_AS_PUBLISHED);
        int retainHandling = r.readByte();
        int identifier = r.readVarInt();
        r.end();
        return new SessionSubscription(new Subscription(filter, qos, (flags & NO_LOCAL) != 0,
                (flags & RETAIN_AS_PUBLISHED) != 0, retainHandling), identifier);
    }
}
