package dev.roost.codec;

import static dev.roost.codec.TestChannels.connectedServer;
import static dev.roost.codec.TestChannels.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.EncodedSize;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Publish;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link EncodedSize#publish} agrees with the bytes Netty actually writes, for many shapes of PUBLISH. */
class EncodedSizeTest {
    private static final List<String> TOPICS = List.of("t", "a/b/c", "ü/€", "\uD83D\uDE00/x", "lone\uD800x",
            "x".repeat(300));
    private static final List<Integer> PAYLOAD_SIZES = List.of(0, 1, 120, 127, 128, 16_300, 16_384);
    private static final List<MessageProperties> PROPERTIES = List.of(
            MessageProperties.NONE,
            new MessageProperties(1, null, null, null, null, List.of()),
            new MessageProperties(0, 4_294_967_295L, "application/json", "reply/ü", new byte[70],
                    List.of(new UserProperty("k", "v"), new UserProperty("", ""), new UserProperty("€", "x".repeat(200)))));
    private static final List<List<Integer>> SUBSCRIPTION_IDS = List.of(List.of(), List.of(1),
            List.of(127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455));

    static Stream<Publish> shapes() {
        List<Publish> shapes = new ArrayList<>();
        int i = 0;
        for (String topic : TOPICS) {
            for (int size : PAYLOAD_SIZES) {
                for (MessageProperties properties : PROPERTIES) {
                    Qos qos = Qos.of(i % 3);
                    List<Integer> ids = SUBSCRIPTION_IDS.get(i % SUBSCRIPTION_IDS.size());
                    int alias = i % 4 == 0 ? 0 : i;
                    shapes.add(new Publish(topic, qos, i % 2 == 0, qos != Qos.AT_MOST_ONCE && i % 5 == 0,
                            qos == Qos.AT_MOST_ONCE ? 0 : 1 + i, new byte[size], alias, ids, properties));
                    i++;
                }
            }
        }
        return shapes.stream();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matchesNettysEncodingIn5(Publish publish) {
        assertSizeMatches(connectedServer(MqttVersion.V5), publish, MqttVersion.V5);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void matchesNettysEncodingIn311(Publish publish) {
        assertSizeMatches(connectedServer(MqttVersion.V3_1_1), publish, MqttVersion.V3_1_1);
    }

    @Test
    void matchesNettysEncodingWhenTheRemainingLengthNeedsFourBytes() {
        Publish publish = Publish.of("big", Qos.AT_LEAST_ONCE, false, 1, new byte[2_097_152]);
        assertSizeMatches(connectedServer(MqttVersion.V5), publish, MqttVersion.V5);
        assertSizeMatches(connectedServer(MqttVersion.V3_1_1), publish, MqttVersion.V3_1_1);
    }

    private static void assertSizeMatches(EmbeddedChannel channel, Publish publish, MqttVersion version) {
        assertThat(EncodedSize.publish(publish, version)).isEqualTo(encode(channel, publish).length);
    }
}
