package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.session.OutboundEntry;
import dev.roost.broker.core.session.SessionSubscription;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.packet.Will;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every value codec reads back what it wrote, and refuses what it did not write. */
class ValueCodecsTest {
    private static final Instant T = Instant.parse("2026-03-04T05:06:07.123456789Z");

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, 0xFFFF_FFFFL, Long.MAX_VALUE, -1,
            Long.MIN_VALUE})
    void varintsAndZigzagVarintsRoundTrip(long v) {
        byte[] bytes = ValueWriter.value(0).writeVarLong(v).writeSignedVarLong(v).writeLong(v).toByteArray();
        ValueReader r = ValueReader.value(bytes);
        assertThat(r.readVarLong()).isEqualTo(v);
        assertThat(r.readSignedVarLong()).isEqualTo(v);
        assertThat(r.readLong()).isEqualTo(v);
        r.end();
    }

    @Test
    void smallNumbersTakeOneByte() {
        assertThat(ValueWriter.key(0).writeVarLong(127).toByteArray()).hasSize(1);
        assertThat(ValueWriter.key(0).writeVarLong(128).toByteArray()).hasSize(2);
        assertThat(ValueWriter.key(0).writeSignedVarLong(-64).toByteArray()).hasSize(1);
    }

    @Test
    void aLogEntryIsAFewBytes() {
        ApplicationMessage m = message();
        LogEntry entry = LogEntry.of(OutboundEntry.queued(7, m, Qos.EXACTLY_ONCE, true, List.of(5, 300)).sent(513),
                200);
        assertThat(LogEntryCodec.encode(entry)).containsExactly(
                0x01,               // format version
                0xC8, 0x01,         // message id 200, varint
                0x02,               // QoS 2
                0x01,               // retain flag
                0x01,               // state SENT
                0x02, 0x01,         // packet id 513
                0x02,               // two subscription identifiers
                0x05,               //   5
                0xAC, 0x02);        //   300, varint
        assertThat(LogEntryCodec.decode(7, LogEntryCodec.encode(entry))).isEqualTo(entry);
    }

    @Test
    void aMessageRoundTripsWithEveryProperty() {
        ApplicationMessage full = new ApplicationMessage("a/b/ü", bytes("payload"), Qos.EXACTLY_ONCE, true,
                new MessageProperties(1, 3600L, "text/plain", "reply", bytes("corr"),
                        List.of(new UserProperty("k", "v"), new UserProperty("k", "w"))), "pub", T);
        assertThat(MessageCodec.decode(MessageCodec.encode(full))).usingRecursiveComparison().isEqualTo(full);
    }

    @Test
    void aBareMessageRoundTripsWithSharedEmptyProperties() {
        ApplicationMessage bare = new ApplicationMessage("", new byte[0], Qos.AT_MOST_ONCE, false,
                MessageProperties.NONE, "", null);
        ApplicationMessage back = MessageCodec.decode(MessageCodec.encode(bare));
        assertThat(back).usingRecursiveComparison().isEqualTo(bare);
        assertThat(back.properties()).isSameAs(MessageProperties.NONE);
    }

    @Test
    void aLargePayloadRoundTrips() {
        byte[] payload = new byte[1 << 20];
        Arrays.fill(payload, (byte) 0xAB);
        ApplicationMessage m = new ApplicationMessage("t", payload, Qos.AT_LEAST_ONCE, false, MessageProperties.NONE,
                "p", null);
        assertThat(MessageCodec.decode(MessageCodec.encode(m)).payload()).isEqualTo(payload);
    }

    @Test
    void aSessionRecordRoundTripsWithAndWithoutWill() {
        SessionRecord withWill = new SessionRecord("c", MqttVersion.V5, 0xFFFF_FFFFL, T,
                new Will("w", bytes("bye"), Qos.AT_LEAST_ONCE, true, 60,
                        new MessageProperties(null, null, "ct", null, null, List.of())));
        SessionRecord bare = new SessionRecord("c", MqttVersion.V3_1, 0, null, null);
        for (SessionRecord r : List.of(withWill, bare)) {
            assertThat(SessionRecordCodec.decode("c", SessionRecordCodec.encode(r))).usingRecursiveComparison()
                    .isEqualTo(r);
        }
    }

    @Test
    void aSubscriptionRoundTrips() {
        SessionSubscription s = new SessionSubscription(new Subscription("a/#", Qos.EXACTLY_ONCE, true, false, 2),
                268_435_455);
        assertThat(SubscriptionCodec.decode("a/#", SubscriptionCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void refusesAnotherFormatVersion() {
        byte[] value = MessageCodec.encode(message());
        value[0] = 2;
        assertThatThrownBy(() -> MessageCodec.decode(value)).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("unknown format version 2");
        assertThatThrownBy(() -> ValueReader.value(new byte[0])).isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("no format-version byte");
    }

    @Test
    void refusesAValueCutShortOrWithTrailingBytes() {
        byte[] value = SessionRecordCodec.encode(new SessionRecord("c", MqttVersion.V5, 10, T, null));
        assertThatThrownBy(() -> SessionRecordCodec.decode("c", Arrays.copyOf(value, value.length - 1)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> SessionRecordCodec.decode("c", Arrays.copyOf(value, value.length + 1)))
                .isInstanceOf(CorruptValueException.class).hasMessageContaining("trailing");
    }

    @Test
    void refusesUnknownFlagsQosAndLengthsBeyondTheValue() {
        byte[] sub = SubscriptionCodec.encode(new SessionSubscription(Subscription.of("f", Qos.AT_MOST_ONCE), 0));
        sub[2] = (byte) 0x80;
        assertThatThrownBy(() -> SubscriptionCodec.decode("f", sub)).hasMessageContaining("unknown flags");
        sub[2] = 0;
        sub[1] = 3;
        assertThatThrownBy(() -> SubscriptionCodec.decode("f", sub)).hasMessageContaining("QoS of 3");
        byte[] hugeString = ValueWriter.value(0).writeVarInt(1_000_000).toByteArray();
        assertThatThrownBy(() -> ValueReader.value(hugeString).readString()).hasMessageContaining("length");
    }

    private static ApplicationMessage message() {
        return new ApplicationMessage("t", bytes("x"), Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "p", null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
