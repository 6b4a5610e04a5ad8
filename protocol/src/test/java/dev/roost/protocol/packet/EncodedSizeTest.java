package dev.roost.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EncodedSizeTest {

    @ParameterizedTest
    @CsvSource({"0,1", "127,1", "128,2", "16383,2", "16384,3", "2097151,3", "2097152,4", "268435455,4",
            "268435456,5"})
    void variableByteIntegerTakesOneToFourBytes(long value, int expected) {
        assertThat(EncodedSize.variableByteIntegerSize(value)).isEqualTo(expected);
    }

    @Test
    void utf8LengthMatchesJavasEncoder() {
        for (String s : List.of("", "a/b", "ü", "€", "\uD83D\uDE00", "x\uD800y", "\uDC00", "\u0000\u07FF\u0800")) {
            assertThat(EncodedSize.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void countsTheSmallestQos0PublishOf311() {
        // 0x30, remaining 3, topic length 00 01, 'a'
        Publish publish = Publish.of("a", Qos.AT_MOST_ONCE, false, 0, new byte[0]);
        assertThat(EncodedSize.publish(publish, MqttVersion.V3_1_1)).isEqualTo(5);
    }

    @Test
    void addsPacketIdForQos1AndTheEmptyPropertyLengthFor5() {
        Publish publish = Publish.of("a", Qos.AT_LEAST_ONCE, false, 7, new byte[3]);
        assertThat(EncodedSize.publish(publish, MqttVersion.V3_1_1)).isEqualTo(2 + 3 + 2 + 3);
        assertThat(EncodedSize.publish(publish, MqttVersion.V5)).isEqualTo(2 + 3 + 2 + 1 + 3);
    }

    @Test
    void countsEveryPublishPropertyFor5AndNoneFor311() {
        MessageProperties properties = new MessageProperties(1, 60L, "text/plain", "reply/to", new byte[] {1, 2},
                List.of(new UserProperty("k", "v"), new UserProperty("k", "w")));
        Publish publish = new Publish("t", Qos.EXACTLY_ONCE, true, true, 9, new byte[10], 5, List.of(1, 200),
                properties);
        long props = 2 + 5 + (3 + 10) + (3 + 8) + (3 + 2) + 2 * (1 + 3 + 3) + (2 + 3) + 3;
        assertThat(EncodedSize.publish(publish, MqttVersion.V5)).isEqualTo(1 + 1 + 3 + 2 + 1 + props + 10);
        assertThat(EncodedSize.publish(publish, MqttVersion.V3_1_1)).isEqualTo(1 + 1 + 3 + 2 + 10);
    }

    @Test
    void growsTheRemainingLengthFieldAtItsBoundaries() {
        // remaining length = 2 + 1 + payload
        assertThat(EncodedSize.publish(Publish.of("a", Qos.AT_MOST_ONCE, false, 0, new byte[124]),
                MqttVersion.V3_1_1)).isEqualTo(1 + 1 + 127);
        assertThat(EncodedSize.publish(Publish.of("a", Qos.AT_MOST_ONCE, false, 0, new byte[125]),
                MqttVersion.V3_1_1)).isEqualTo(1 + 2 + 128);
    }
}
