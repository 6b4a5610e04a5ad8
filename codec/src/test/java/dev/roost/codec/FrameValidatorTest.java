package dev.roost.codec;

import static dev.roost.codec.ServerDecodeTest.assertDecodes;
import static dev.roost.codec.TestChannels.connectedServer;
import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.TestChannels.encode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscribe;
import dev.roost.protocol.packet.Subscription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The framer in front of Netty's decoder: whole packets whatever the reads, the version learnt between two packets of
 * one read, and what it lets through or refuses. (Its refusals, one per row, are in {@link MalformedInputTest}.)
 */
class FrameValidatorTest {
    /** A 5.0 CONNECT with properties and a will with properties: the framer walks every section of it. */
    private static final byte[] CONNECT_5_WITH_WILL = bytes(
            0x10, 0x1F, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05,
            // will flag, clean start, keep alive 60
            0b0000_0110, 0x00, 0x3C,
            // properties, length 5: session expiry interval 10
            0x05, 0x11, 0x00, 0x00, 0x00, 0x0A,
            // client id "c"
            0x00, 0x01, 'c',
            // will properties, length 5: will delay interval 3
            0x05, 0x18, 0x00, 0x00, 0x00, 0x03,
            // will topic "w", will payload "x"
            0x00, 0x01, 'w', 0x00, 0x01, 'x');

    @Test
    void decodesPacketsSplitAcrossManyTinyReads() {
        EmbeddedChannel channel = TestChannels.server();
        List<Object> decoded = feedInPieces(channel, CONNECT_5_WITH_WILL, 1);
        assertThat(decoded).singleElement().isInstanceOfSatisfying(Connect.class, connect -> {
            assertThat(connect.version()).isEqualTo(MqttVersion.V5);
            assertThat(connect.properties().sessionExpiryIntervalSeconds()).isEqualTo(10);
            assertThat(connect.will().delayIntervalSeconds()).isEqualTo(3);
        });

        // a Remaining Length of two bytes, split between reads too
        byte[] payload = new byte[200];
        Arrays.fill(payload, (byte) 'p');
        byte[] publish = concat(bytes(
                0x32, 0xD5, 0x01, 0x00, 0x01, 't', 0x00, 0x07,
                // properties, length 7: user property k=v
                0x07, 0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v'), payload);
        for (int piece : new int[] {1, 2, 3, 7}) {
            assertThat(feedInPieces(channel, publish, piece)).singleElement().satisfies(p -> assertDecodes(p,
                    new Publish("t", Qos.AT_LEAST_ONCE, false, false, 7, payload, 0, List.of(),
                            new MessageProperties(null, null, null, null, null,
                                    List.of(new UserProperty("k", "v"))))));
        }
    }

    @Test
    void checksThePacketAfterAConnectInTheVersionThatConnectNamed() {
        EmbeddedChannel channel = TestChannels.server();
        byte[] subscribe = bytes(
                0x82, 0x07, 0x00, 0x01,
                // no properties (a 3.1.1 reading would take this byte as the filter's length)
                0x00,
                // filter "t", No Local
                0x00, 0x01, 't', 0b0000_0100);
        List<Object> decoded = feedInPieces(channel, concat(CONNECT_5_WITH_WILL, subscribe),
                CONNECT_5_WITH_WILL.length + subscribe.length);
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0)).isInstanceOf(Connect.class);
        assertDecodes(decoded.get(1), new Subscribe(1, List.of(new Subscription("t", Qos.AT_MOST_ONCE, true, false,
                0)), 0, List.of()));
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.3.2.3.7] User Property may appear more than once")
    void letsAUserPropertyRepeat() {
        byte[] publish = bytes(0x30, 0x12, 0x00, 0x01, 't',
                // properties, length 14: user properties k=v and k=w
                0x0E, 0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', 0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'w');
        Object decoded = decode(connectedServer(MqttVersion.V5), publish);
        assertThat(decoded).isInstanceOfSatisfying(Publish.class, p -> assertThat(p.properties().userProperties())
                .containsExactly(new UserProperty("k", "v"), new UserProperty("k", "w")));
    }

    @Test
    void discardsAndReleasesEverythingAfterItsOwnFailure() {
        EmbeddedChannel channel = connectedServer(MqttVersion.V5);
        // PUBLISH with Payload Format Indicator twice, then a PINGREQ in the same read
        byte[] bad = bytes(0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x01, 0x00, 0x01, 0x00, 0xC0, 0x00);
        List<Object> decoded = feedInPieces(channel, bad, bad.length);
        assertThat(decoded).singleElement().isInstanceOf(DecodeFailure.class);
        assertThat(feedInPieces(channel, bytes(0xC0, 0x00), 2)).isEmpty();
    }

    @Test
    void waitsForTheRestOfAPacketAndThenRefusesAFieldRunningPastIt() {
        EmbeddedChannel channel = connectedServer(MqttVersion.V3_1_1);
        // PUBLISH, remaining length 4, topic of 5 bytes: nothing to say until the packet's last byte is there
        ByteBuf head = ByteBufAllocator.DEFAULT.buffer().writeBytes(bytes(0x30, 0x04, 0x00, 0x05, 't'));
        channel.writeInbound(head);
        assertThat(TestChannels.nextInbound(channel)).isNull();
        assertThat(feedInPieces(channel, bytes('o'), 1)).singleElement().isInstanceOfSatisfying(DecodeFailure.class,
                f -> assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_PACKET));
        assertThat(head.refCnt()).isZero();
    }

    @Test
    void answersACompleteConnectItRefusesInTheVersionThatConnectNamed() {
        EmbeddedChannel server = TestChannels.server();
        Object failure = decode(server, bytes(
                0x10, 0x14, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                // properties, length 6: receive maximum 1, receive maximum 2
                0x06, 0x21, 0x00, 0x01, 0x21, 0x00, 0x02,
                0x00, 0x01, 'c'));
        assertThat(failure).isInstanceOfSatisfying(DecodeFailure.class, f -> {
            assertThat(f.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
            assertThat(f.peerVersion()).isEqualTo(MqttVersion.V5);
        });
        assertThat(encode(server, ConnAck.refused(ReasonCode.PROTOCOL_ERROR)))
                .containsExactly(bytes(0x20, 0x03, 0x00, 0x82, 0x00));
    }

    @Test
    void keepsTheVersionOfTheConnectionWhenASecondConnectIsRefused() {
        EmbeddedChannel server = connectedServer(MqttVersion.V3_1_1);
        Object failure = decode(server, bytes(
                0x10, 0x12, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x3C,
                // properties, length 4: request problem information twice
                0x04, 0x17, 0x01, 0x17, 0x01,
                0x00, 0x01, 'c'));
        assertThat(failure).isInstanceOfSatisfying(DecodeFailure.class, f -> {
            assertThat(f.beforeConnect()).isFalse();
            assertThat(f.peerVersion()).isEqualTo(MqttVersion.V3_1_1);
        });
        assertThat(MqttPipeline.negotiatedVersion(server)).isEqualTo(MqttVersion.V3_1_1);
    }

    /**
     * Feeds {@code bytes} in reads of {@code pieceLength} bytes each (the last may be shorter) and returns everything
     * that came out, after checking every read's buffer was released.
     */
    private static List<Object> feedInPieces(EmbeddedChannel channel, byte[] bytes, int pieceLength) {
        List<ByteBuf> reads = new ArrayList<>();
        for (int from = 0; from < bytes.length; from += pieceLength) {
            int length = Math.min(pieceLength, bytes.length - from);
            ByteBuf read = ByteBufAllocator.DEFAULT.buffer(length).writeBytes(bytes, from, length);
            reads.add(read);
            channel.writeInbound(read);
        }
        List<Object> out = new ArrayList<>();
        for (Object next = channel.readInbound(); next != null; next = channel.readInbound()) {
            out.add(next);
        }
        assertThat(reads).allSatisfy(read -> assertThat(read.refCnt()).as("read released").isZero());
        return out;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
