package dev.roost.testkit;

import static dev.roost.testkit.PacketBytes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact bytes, annotated field by field, for the builders and the low-level pieces. */
class PacketBytesTest {

    static Stream<Arguments> variableByteIntegers() {
        return Stream.of(
                Arguments.of(0, raw(0x00)),
                Arguments.of(127, raw(0x7F)),
                Arguments.of(128, raw(0x80, 0x01)),
                Arguments.of(16_383, raw(0xFF, 0x7F)),
                Arguments.of(16_384, raw(0x80, 0x80, 0x01)),
                Arguments.of(2_097_151, raw(0xFF, 0xFF, 0x7F)),
                Arguments.of(2_097_152, raw(0x80, 0x80, 0x80, 0x01)),
                Arguments.of(268_435_455, raw(0xFF, 0xFF, 0xFF, 0x7F)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variableByteIntegers")
    @DisplayName("[MQTT-1.5.5] variable byte integers use the fewest bytes at each range edge")
    void encodesVariableByteIntegerEdges(int value, byte[] expected) {
        assertThat(PacketBytes.varInt(value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variableByteIntegers")
    void decodesVariableByteIntegerEdges(int value, byte[] encoded) {
        WireReader reader = new WireReader(encoded, "test");
        assertThat(reader.varInt()).isEqualTo(value);
        reader.expectEnd();
    }

    @Test
    void refusesVariableByteIntegersOutOfRange() {
        assertThatThrownBy(() -> PacketBytes.varInt(268_435_456)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketBytes.varInt(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesLowLevelPieces() {
        assertThat(PacketBytes.utf8("aé")).isEqualTo(raw(0x00, 0x03, 'a', 0xC3, 0xA9));
        assertThat(PacketBytes.binary(raw(0xC0, 0xAF))).isEqualTo(raw(0x00, 0x02, 0xC0, 0xAF));
        assertThat(PacketBytes.fixedHeader(0x30, 321)).isEqualTo(raw(0x30, 0xC1, 0x02));
        assertThat(PacketBytes.raw(-1, 255, 0)).isEqualTo(new byte[] {-1, -1, 0});
        assertThat(PacketBytes.packet(0xE0, raw(0x8E), raw(0x00))).isEqualTo(raw(0xE0, 0x02, 0x8E, 0x00));
        assertThatThrownBy(() -> PacketBytes.raw(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildsMqtt311ConnectExactly() {
        byte[] bytes = PacketBytes.connect().clientId("a").keepAlive(30).build();
        assertThat(bytes).isEqualTo(raw(
                0x10, 0x0D,                               // CONNECT, remaining length 13
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04,     // protocol name, level 4
                0x02, 0x00, 0x1E,                         // clean session, keep alive 30
                0x00, 0x01, 'a'));                        // client id
    }

    @Test
    void buildsMqtt31ConnectWithMqisdpName() {
        byte[] bytes = PacketBytes.connect().v31().clientId("a").keepAlive(30).build();
        assertThat(bytes).isEqualTo(raw(0x10, 0x0F, 0x00, 0x06, 'M', 'Q', 'I', 's', 'd', 'p', 0x03,
                0x02, 0x00, 0x1E, 0x00, 0x01, 'a'));
    }

    @Test
    void buildsMqtt5ConnectWithPropertiesInCallOrder() {
        byte[] bytes = PacketBytes.connect().v5().clientId("a").keepAlive(30).sessionExpiry(60).receiveMaximum(10)
                .build();
        assertThat(bytes).isEqualTo(raw(
                0x10, 0x16,
                0x00, 0x04, 'M', 'Q', 'T', 'T', 0x05, 0x02, 0x00, 0x1E,
                0x08, 0x11, 0x00, 0x00, 0x00, 0x3C, 0x21, 0x00, 0x0A, // properties: session expiry, receive max
                0x00, 0x01, 'a'));
    }

    @Test
    void connectFlagsFollowWillAndCredentials() {
        byte[] bytes = PacketBytes.connect().cleanStart(false).will("w", "x", 2, true).username("u").password("p")
                .build();
        assertThat(bytes[9] & 0xFF).isEqualTo(0x80 | 0x40 | 0x20 | 0x10 | 0x04);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-3] the reserved connect flag and raw flags can be sent")
    void sendsWrongConnectFlags() {
        assertThat(PacketBytes.connect().reservedFlag(true).build()[9]).isEqualTo((byte) 0x03);
        assertThat(PacketBytes.connect().rawFlags(0x80).build()[9]).isEqualTo((byte) 0x80);
        assertThat(PacketBytes.connect().protocolName("MQTX").protocolLevel(7).build())
                .containsSubsequence(raw('M', 'Q', 'T', 'X', 0x07));
    }

    @Test
    void refusesPropertiesWithoutV5() {
        assertThatThrownBy(() -> PacketBytes.connect().sessionExpiry(1).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PacketBytes.publish().topicAlias(1).build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void buildsMqtt5PublishExactly() {
        byte[] bytes = PacketBytes.publish().v5().topic("a/b").qos(1).packetId(7).topicAlias(3).payload("hi").build();
        assertThat(bytes).isEqualTo(raw(
                0x32, 0x0D,                         // PUBLISH QoS 1
                0x00, 0x03, 'a', '/', 'b',          // topic
                0x00, 0x07,                         // packet id
                0x03, 0x23, 0x00, 0x03,             // properties: topic alias 3
                'h', 'i'));
    }

    @Test
    void publishWritesAPacketIdForQos0OnlyWhenAsked() {
        assertThat(PacketBytes.publish().topic("t").build()).isEqualTo(raw(0x30, 0x03, 0x00, 0x01, 't'));
        assertThat(PacketBytes.publish().topic("t").packetId(9).build())
                .isEqualTo(raw(0x30, 0x05, 0x00, 0x01, 't', 0x00, 0x09));
        assertThat(PacketBytes.publish().topic("t").qos(3).dup(true).retain(true).build()[0])
                .isEqualTo((byte) 0x3F);
        assertThat(PacketBytes.publish().topic("t").qos(1).fixedHeaderFlags(0).build())
                .isEqualTo(raw(0x30, 0x05, 0x00, 0x01, 't', 0x00, 0x01));
    }

    @Test
    void buildsAcksInShortAndLongForms() {
        assertThat(PacketBytes.puback(5).build()).isEqualTo(raw(0x40, 0x02, 0x00, 0x05));
        assertThat(PacketBytes.pubrec(5).reasonCode(0x10).build()).isEqualTo(raw(0x50, 0x03, 0x00, 0x05, 0x10));
        assertThat(PacketBytes.pubcomp(5).reasonString("r").build())
                .isEqualTo(raw(0x70, 0x08, 0x00, 0x05, 0x00, 0x04, 0x1F, 0x00, 0x01, 'r'));
    }

    @Test
    @DisplayName("[MQTT-3.6.1-1] PUBREL carries flags 0x02 unless a test breaks them")
    void pubrelHasFlagsTwoUnlessOverridden() {
        assertThat(PacketBytes.pubrel(1).build()).isEqualTo(raw(0x62, 0x02, 0x00, 0x01));
        assertThat(PacketBytes.pubrel(1).fixedHeaderFlags(0).build()).isEqualTo(raw(0x60, 0x02, 0x00, 0x01));
    }

    @Test
    void buildsSubscribeWithOptionsAndIdentifier() {
        byte[] bytes = PacketBytes.subscribe().v5().packetId(2).subscriptionIdentifier(200)
                .filter("a/#", 1, true, true, 2).build();
        assertThat(bytes).isEqualTo(raw(
                0x82, 0x0C,
                0x00, 0x02,                         // packet id
                0x03, 0x0B, 0xC8, 0x01,             // properties: subscription identifier 200
                0x00, 0x03, 'a', '/', '#', 0x2D));  // filter, options: RH 2, RAP, NL, QoS 1
        assertThat(PacketBytes.subscribe().filter("t", 0).fixedHeaderFlags(0).build()[0]).isEqualTo((byte) 0x80);
    }

    @Test
    void buildsUnsubscribeBothVersions() {
        assertThat(PacketBytes.unsubscribe().packetId(3).filter("t").build())
                .isEqualTo(raw(0xA2, 0x05, 0x00, 0x03, 0x00, 0x01, 't'));
        assertThat(PacketBytes.unsubscribe().v5().packetId(3).filter("t").build())
                .isEqualTo(raw(0xA2, 0x06, 0x00, 0x03, 0x00, 0x00, 0x01, 't'));
    }

    @Test
    void buildsPingsDisconnectsAndAuth() {
        assertThat(PacketBytes.pingreq()).isEqualTo(raw(0xC0, 0x00));
        assertThat(PacketBytes.pingresp()).isEqualTo(raw(0xD0, 0x00));
        assertThat(PacketBytes.disconnect().build()).isEqualTo(raw(0xE0, 0x00));
        assertThat(PacketBytes.disconnect().reasonCode(0x04).build()).isEqualTo(raw(0xE0, 0x01, 0x04));
        assertThat(PacketBytes.disconnect().sessionExpiry(0).build())
                .isEqualTo(raw(0xE0, 0x07, 0x00, 0x05, 0x11, 0x00, 0x00, 0x00, 0x00));
        assertThat(PacketBytes.auth().reasonCode(0x18).authenticationMethod("m").build())
                .isEqualTo(raw(0xF0, 0x06, 0x18, 0x04, 0x15, 0x00, 0x01, 'm'));
        assertThat(PacketBytes.auth().build()).isEqualTo(raw(0xF0, 0x00));
    }

    @Test
    void replacesAPropertySectionWithRawBytes() {
        byte[] bytes = PacketBytes.puback(1).rawProperties(raw(0x09, 0x21)).build();
        assertThat(bytes).isEqualTo(raw(0x40, 0x05, 0x00, 0x01, 0x00, 0x09, 0x21));
        assertThat(PacketBytes.puback(1).rawProperty(0x7F, 1, 2).build())
                .isEqualTo(raw(0x40, 0x07, 0x00, 0x01, 0x00, 0x03, 0x7F, 0x01, 0x02));
    }
}
