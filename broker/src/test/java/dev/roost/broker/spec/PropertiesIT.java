package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.disconnect;
import static dev.roost.broker.spec.Exchanges.packetsBeforePingResp;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.publishPacket;
import static dev.roost.broker.spec.SpecPackets.qos0;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * PUBLISH properties (MQTT 5.0 3.3.2.3): the ones the broker forwards unchanged, and the Message Expiry Interval,
 * which it counts down and enforces.
 *
 * <p>The broker runs on the system clock, so the expiry tests wait a little over one real second for an interval to
 * pass.
 */
@DisplayName("PUBLISH properties (3.3.2.3)")
class PropertiesIT {
    private static final MqttVersion V5 = MqttVersion.V5;
    private static final Duration JUST_OVER_ONE_SECOND = Duration.ofMillis(1_200);

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @Test
    @DisplayName("[MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-18] [MQTT-3.3.2-20] "
            + "payload format, content type, response topic, correlation data and user properties (in order) are "
            + "forwarded unchanged")
    void applicationPropertiesAreForwardedUnchanged() {
        String topic = unique("props/pass/t");
        RawMqttClient subscriber = broker.subscriber(V5, topic, 1);
        byte[] published = publishPacket(V5, topic, "{\"t\":21.5}").qos(1).packetId(1)
                .payloadFormat(1)
                .contentType("application/json; charset=utf-8")
                .responseTopic("props/reply/" + topic)
                .correlationData(new byte[] {0, (byte) 0xFF, 7})
                .userProperty("z", "last-alphabetically-first")
                .userProperty("a", "1")
                .userProperty("z", "again")
                .userProperty("", "empty name")
                .build();

        broker.connect(V5, unique("pub")).send(published);

        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        RawProperties properties = forwarded.properties();
        assertThat(properties).isEqualTo(RawPacket.parse(published).properties());
        assertThat(properties.userProperties()).containsExactly(new String[] {"z", "last-alphabetically-first"},
                new String[] {"a", "1"}, new String[] {"z", "again"}, new String[] {"", "empty name"});
        assertThat(forwarded.publishPayloadString(true)).isEqualTo("{\"t\":21.5}");
    }

    @Test
    @DisplayName("[MQTT-3.1.1 §3.3.2] a 3.1.1 subscriber gets a 5.0 message with properties as a plain 3.1.1 PUBLISH")
    void v3SubscriberGetsTheMessageWithoutProperties() {
        String topic = unique("props/v3/t");
        RawMqttClient subscriber = broker.connect(MqttVersion.V3_1_1, unique("old"));
        subscribe(subscriber, MqttVersion.V3_1_1, topic, 1);

        broker.connect(V5, unique("pub")).send(publishPacket(V5, topic, "body").qos(1).packetId(1)
                .contentType("text/plain").userProperty("k", "v").messageExpiry(600).build());

        RawPacket forwarded = subscriber.receive().expectType(PacketType.PUBLISH);
        assertThat(forwarded.publishPayloadString(false)).isEqualTo("body");
        assertThat(forwarded.remainingLength()).as("topic, packet id, payload").isEqualTo(2 + topic.length() + 2 + 4);
    }

    @Test
    @DisplayName("[MQTT-3.3.2-6] a message delivered at once keeps its Message Expiry Interval; one without an "
            + "interval gets none")
    void messageDeliveredAtOnceKeepsItsExpiryInterval() {
        String topic = unique("props/now/t");
        RawMqttClient subscriber = broker.subscriber(V5, topic, 1);
        RawMqttClient publisher = broker.connect(V5, unique("pub"));

        publisher.send(publishPacket(V5, topic, "expiring").messageExpiry(600).build(), qos0(V5, topic, "lasting"));

        RawProperties expiring = subscriber.receive().expectType(PacketType.PUBLISH).properties();
        RawProperties lasting = subscriber.receive().expectType(PacketType.PUBLISH).properties();
        assertThat(expiring.longValue(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isBetween(599L, 600L);
        assertThat(lasting.contains(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] [MQTT-3.3.2-6] for an offline session, a message whose expiry interval passes is not "
            + "delivered; one delivered later carries what is left of its interval")
    void queuedMessagesExpireAndCountDown() {
        String topic = unique("props/queued/t");
        String clientId = unique("offline");
        RawMqttClient subscriber = broker.connect(connectPacket(V5).clientId(clientId).sessionExpiry(60));
        subscribe(subscriber, V5, topic, 1);
        disconnect(subscriber);

        RawMqttClient publisher = broker.connect(V5, unique("pub"));
        publisher.send(publishPacket(V5, topic, "short-lived").qos(1).packetId(1).messageExpiry(1).build(),
                publishPacket(V5, topic, "long-lived").qos(1).packetId(2).messageExpiry(60).build());
        publisher.receive().expectType(PacketType.PUBACK);
        publisher.receive().expectType(PacketType.PUBACK);
        awaitRealTime(JUST_OVER_ONE_SECOND);

        RawMqttClient back = broker.connect(connectPacket(V5).clientId(clientId).cleanStart(false).sessionExpiry(0));
        RawPacket delivered = back.receive().expectType(PacketType.PUBLISH);

        assertThat(delivered.publishPayloadString(true)).isEqualTo("long-lived");
        assertThat(delivered.properties().longValue(PropertyId.MESSAGE_EXPIRY_INTERVAL))
                .as("60 s minus the time it waited").isBetween(1L, 59L);
        back.send(PacketBytes.puback(delivered.publishPacketId()).build());
        assertThat(packetsBeforePingResp(back)).as("the expired message").isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.3.2-5] a retained message whose expiry interval has passed is not sent to a new subscriber")
    void expiredRetainedMessageIsNotSent() {
        String topic = unique("props/retained/t");
        RawMqttClient publisher = broker.connect(V5, unique("pub"));
        publisher.send(publishPacket(V5, topic, "stale").qos(1).packetId(1).retain(true).messageExpiry(1).build());
        publisher.receive().expectType(PacketType.PUBACK);
        awaitRealTime(JUST_OVER_ONE_SECOND);

        RawMqttClient subscriber = broker.subscriber(V5, topic, 1);

        assertThat(packetsBeforePingResp(subscriber)).isEmpty();
    }

    /** Lets {@code interval} of real time pass: the broker's clock is the system clock, which tests cannot move. */
    private static void awaitRealTime(Duration interval) {
        long until = System.nanoTime() + interval.toNanos();
        await().atMost(interval.plusSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.nanoTime() - until >= 0);
    }
}
