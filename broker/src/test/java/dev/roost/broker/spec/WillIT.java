package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.disconnect;
import static dev.roost.broker.spec.Exchanges.packetsBefore;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import dev.roost.testkit.RawProperties;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Will messages (MQTT 5.0 3.1.2.5, 3.1.3.2; 3.1.1 3.1.2.5): published when the connection is lost, not after a normal
 * DISCONNECT, with its QoS, retain flag and (5.0) properties, and after the Will Delay Interval unless the client comes
 * back first. Clause ids are MQTT 5.0's; a 3.1.1 id is named where it differs. A crashed client is simulated with a TCP
 * reset.
 */
@DisplayName("Will messages (3.1.2.5, 3.1.3.2)")
class WillIT {
    private static final Duration WILL_DELAY = Duration.ofSeconds(1);

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-3.1.2-8] [MQTT-3.1.2-14] (3.1.1: [MQTT-3.1.2-8] [MQTT-3.1.2-16]) the will is published when "
            + "the connection is lost, at its QoS and not retained")
    void willIsPublishedWhenTheConnectionIsLost(MqttVersion v) {
        String topic = unique("will/lost/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 2);
        RawMqttClient doomed = broker.connect(connectPacket(v).clientId(unique("doomed")).will(topic, "gone", 2, false));

        doomed.closeWithReset();

        RawPacket will = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(will.publishTopic()).isEqualTo(topic);
        assertThat(will.publishPayloadString(v.isV5())).isEqualTo("gone");
        assertThat(will.publishQos()).as("Will QoS (3.1.2.6)").isEqualTo(2);
        assertThat(will.publishRetain()).isFalse();
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-8] [MQTT-5.0 §3.1.2.5] the will is published when the broker closes the connection for a "
            + "protocol error")
    void willIsPublishedWhenTheBrokerClosesForAProtocolError(MqttVersion v) {
        String topic = unique("will/violation/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient offender = broker.connect(connectPacket(v).clientId(unique("offender")).will(topic, "bad", 1, false));

        offender.send(PacketBytes.pubrel(1).fixedHeaderFlags(0x00).build());

        assertThat(offender.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(subscriber.receive().expectType(PacketType.PUBLISH).publishPayloadString(v.isV5())).isEqualTo("bad");
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-10] [MQTT-3.14.4-3] after a normal DISCONNECT the will is discarded, not published")
    void normalDisconnectDiscardsTheWill(MqttVersion v) {
        String topic = unique("will/normal/t");
        String marker = topic + "/marker";
        String clientId = unique("polite");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        subscribe(subscriber, v, marker, 0);
        RawMqttClient polite = broker.connect(connectPacket(v).clientId(clientId).will(topic, "gone", 1, false));

        disconnect(polite);

        // The same client id runs on the same lane, after the DISCONNECT: a will would precede this marker.
        broker.connect(v, clientId).send(qos0(v, marker, "end"));
        assertThat(packetsBefore(subscriber, marker)).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-5.0 §3.14.2.1] a 5.0 DISCONNECT with 0x04 Disconnect with Will Message publishes "
            + "the will")
    void disconnectWithWillMessagePublishesTheWill() {
        MqttVersion v = MqttVersion.V5;
        String topic = unique("will/x04/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient leaving = broker.connect(connectPacket(v).clientId(unique("leaving")).will(topic, "bye", 1, false));

        leaving.send(PacketBytes.disconnect().reasonCode(0x04).build());

        RawPacket will = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(will.publishPayloadString(true)).isEqualTo("bye");
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-15] (3.1.1: [MQTT-3.1.2-17]) a will with Will Retain 1 is published retained: a later "
            + "subscriber gets it with RETAIN 1")
    void retainedWillReachesALaterSubscriber(MqttVersion v) {
        String topic = unique("will/retained/t");
        RawMqttClient early = broker.subscriber(v, topic, 2);
        RawMqttClient doomed = broker.connect(connectPacket(v).clientId(unique("doomed")).will(topic, "last", 1, true));

        doomed.closeWithReset();
        RawPacket live = early.receive().expectType(PacketType.PUBLISH);
        assertThat(live.publishRetain()).as("forwarded to an established subscription").isFalse();
        assertThat(live.publishQos()).isEqualTo(1);

        RawMqttClient late = broker.subscriber(v, topic, 2);
        RawPacket retained = late.receive().expectType(PacketType.PUBLISH);
        assertThat(retained.publishRetain()).isTrue();
        assertThat(retained.publishQos()).isEqualTo(1);
        assertThat(retained.publishPayloadString(v.isV5())).isEqualTo("last");
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.3.2] [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] "
            + "[MQTT-3.3.2-20] will properties reach the subscriber unchanged")
    void willPropertiesArePassedThrough() {
        MqttVersion v = MqttVersion.V5;
        String topic = unique("will/props/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient doomed = broker.connect(connectPacket(v).clientId(unique("doomed"))
                .will(topic, "{\"state\":\"offline\"}", 1, false)
                .willPayloadFormat(1)
                .willContentType("application/json")
                .willResponseTopic("will/reply")
                .willCorrelationData(new byte[] {1, 2, 3})
                .willUserProperty("site", "north")
                .willUserProperty("rack", "7")
                .willUserProperty("site", "south"));

        doomed.closeWithReset();

        RawProperties properties = subscriber.receive().expectType(PacketType.PUBLISH).properties();
        assertThat(properties.integer(PropertyId.PAYLOAD_FORMAT_INDICATOR)).isEqualTo(1);
        assertThat(properties.string(PropertyId.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(properties.string(PropertyId.RESPONSE_TOPIC)).isEqualTo("will/reply");
        assertThat(properties.binary(PropertyId.CORRELATION_DATA)).containsExactly(1, 2, 3);
        assertThat(properties.userProperties()).containsExactly(
                new String[] {"site", "north"}, new String[] {"rack", "7"}, new String[] {"site", "south"});
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-5.0 §3.1.3.2.2] with a Session Expiry longer than the Will Delay Interval the "
            + "will is published once the delay has passed")
    void willIsPublishedAfterItsDelay() {
        MqttVersion v = MqttVersion.V5;
        String topic = unique("will/delay/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient doomed = broker.connect(connectPacket(v).clientId(unique("doomed")).sessionExpiry(30)
                .will(topic, "late", 1, false).willDelay(WILL_DELAY.toSeconds()));

        long lostAt = System.nanoTime();
        doomed.closeWithReset();

        RawPacket will = subscriber.receive().expectType(PacketType.PUBLISH);
        Duration waited = Duration.ofNanos(System.nanoTime() - lostAt);
        assertThat(will.publishPayloadString(true)).isEqualTo("late");
        assertThat(waited).as("published after the Will Delay Interval").isGreaterThanOrEqualTo(WILL_DELAY);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] [MQTT-5.0 §3.1.3.2.2] when the session ends before the Will Delay Interval, the will "
            + "is published when it ends")
    void willIsPublishedWhenTheSessionEndsFirst() {
        MqttVersion v = MqttVersion.V5;
        String topic = unique("will/ends/t");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient doomed = broker.connect(connectPacket(v).clientId(unique("doomed")).sessionExpiry(0)
                .will(topic, "now", 1, false).willDelay(3600));

        doomed.closeWithReset();

        assertThat(subscriber.receive().expectType(PacketType.PUBLISH).publishPayloadString(true)).isEqualTo("now");
    }

    @Test
    @DisplayName("[MQTT-3.1.3-9] a client that reconnects within the Will Delay Interval prevents its will")
    void reconnectWithinTheWillDelayPreventsTheWill() {
        MqttVersion v = MqttVersion.V5;
        String topic = unique("will/back/t");
        String clientId = unique("flaky");
        RawMqttClient subscriber = broker.subscriber(v, topic, 1);
        RawMqttClient flaky = broker.connect(connectPacket(v).clientId(clientId).sessionExpiry(30)
                .will(topic, "should not appear", 1, false).willDelay(WILL_DELAY.toSeconds()));

        flaky.closeWithReset();
        RawMqttClient back = broker.connect(connectPacket(v).clientId(clientId).cleanStart(false).sessionExpiry(30));

        subscriber.expectNoPacket(WILL_DELAY.plusMillis(500));
        back.send(PacketBytes.disconnect().sessionExpiry(0).build());
    }
}
