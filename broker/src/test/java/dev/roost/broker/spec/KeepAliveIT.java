package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfter;
import static dev.roost.broker.spec.Exchanges.ping;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keep-alive and PINGREQ/PINGRESP over real sockets (3.1.2.10, 3.12, 3.13): the broker closes a silent client after
 * one and a half times its keep-alive, not before; 5.0 is told why; the will goes out; keep-alive 0 switches it off.
 *
 * <p>The timeout tests use a keep-alive of one second, so the class takes a few seconds.
 */
@DisplayName("Keep-alive, PINGREQ and PINGRESP (3.1.2.10, 3.12, 3.13)")
@Timeout(60)
class KeepAliveIT {
    /** 1.5 × a keep-alive of 1 s. */
    private static final Duration IDLE_LIMIT = Duration.ofMillis(1500);
    /** The broker must not close before this; the real limit is 1.5 s, measured from before our CONNACK arrived. */
    private static final Duration TOO_EARLY = Duration.ofMillis(1000);
    private static final Duration TOO_LATE = Duration.ofSeconds(3);

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-3.12.4-1] each PINGREQ is answered with a PINGRESP (D0 00)")
    void answersEveryPingReq(MqttVersion version) {
        RawMqttClient client = broker.connect(connectPacket(version).clientId(unique("ping")));

        client.send(PacketBytes.pingreq(), PacketBytes.pingreq(), PacketBytes.pingreq());

        for (int i = 0; i < 3; i++) {
            assertThat(client.receive().bytes()).as("PINGRESP %d", i).containsExactly(0xD0, 0x00);
        }
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-24] (3.1.1) [MQTT-3.1.2-22] (5.0) a silent client is closed after 1.5 × keep-alive, not"
            + " before (5.0: DISCONNECT 0x8D), and [MQTT-3.1.2-8] its will is published")
    void closesASilentClientAfterOneAndAHalfKeepAlivesAndPublishesTheWill(MqttVersion version) {
        String willTopic = unique("keep-alive/will");
        RawMqttClient watcher = broker.subscriber(MqttVersion.V5, willTopic, 1);
        RawMqttClient silent = broker.open();
        silent.send(connectPacket(version).clientId(unique("silent")).keepAlive(1)
                .will(willTopic, "timed out", 1, false).build());
        silent.receive().expectType(PacketType.CONNACK);
        long connAckReceived = System.nanoTime();

        boolean closed = silent.awaitClosed(TOO_LATE);
        Duration silence = Duration.ofNanos(System.nanoTime() - connAckReceived);

        assertThat(closed).as("closed within %s", TOO_LATE).isTrue();
        assertThat(silence).as("not closed before the keep-alive ran out (limit %s)", IDLE_LIMIT)
                .isGreaterThanOrEqualTo(TOO_EARLY);
        List<RawPacket> sent = silent.drained();
        if (version.isV5()) {
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).expectType(PacketType.DISCONNECT).reasonCode()).as("Keep Alive timeout")
                    .isEqualTo(0x8D);
        } else {
            assertThat(sent).as("3.1.1: closed without a packet").isEmpty();
        }
        RawPacket will = watcher.receive().expectType(PacketType.PUBLISH);
        assertThat(will.publishTopic()).isEqualTo(willTopic);
        assertThat(will.publishPayloadString(true)).isEqualTo("timed out");
        assertThat(will.publishQos()).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.1.1 §3.1.2.10] [MQTT-5.0 §3.1.2.10] keep-alive 0 turns the timeout off in both versions")
    void keepsASilentClientWithKeepAliveZero() {
        RawMqttClient v311 = broker.connect(PacketBytes.connect().v311().clientId(unique("no-ka")).keepAlive(0));
        RawMqttClient v5 = broker.connect(PacketBytes.connect().v5().clientId(unique("no-ka")).keepAlive(0));

        // Both were silent for these 2 s, longer than any keep-alive of 1 s would allow.
        v311.expectNoPacket(Duration.ofSeconds(2));
        v5.expectNoPacket(Duration.ofMillis(1));

        for (RawMqttClient client : List.of(v311, v5)) {
            ping(client);
        }
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.2.2.3.14] [MQTT-3.1.2-22] the server's maximum keep-alive is enforced on 3.1.1 and 5.0"
            + " clients that asked for more or for none")
    void enforcesTheServerMaximumKeepAlive() {
        try (SpecBroker strict = SpecBroker.with(BrokerSettings.builder().maxKeepAliveSeconds(1).build()).start()) {
            RawMqttClient v311 = strict.connect(PacketBytes.connect().v311().clientId(unique("max-ka")).keepAlive(0));
            RawMqttClient v5 = strict.open();
            v5.send(PacketBytes.connect().v5().clientId(unique("max-ka")).keepAlive(600).build());
            RawPacket connAck = v5.receive().expectType(PacketType.CONNACK);
            long connAckReceived = System.nanoTime();
            assertThat(connAck.properties().integer(PropertyId.SERVER_KEEP_ALIVE)).isEqualTo(1);

            List<RawPacket> sentTo5 = closedAfter(v5);
            Duration silence = Duration.ofNanos(System.nanoTime() - connAckReceived);

            assertThat(silence).isGreaterThanOrEqualTo(TOO_EARLY);
            assertThat(sentTo5).hasSize(1);
            assertThat(sentTo5.get(0).expectType(PacketType.DISCONNECT).reasonCode()).isEqualTo(0x8D);
            assertThat(closedAfter(v311)).as("3.1.1 closed without a packet").isEmpty();
        }
    }
}
