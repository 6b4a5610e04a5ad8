package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfter;
import static dev.roost.broker.spec.Exchanges.closedAfterDisconnect;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.ConnectBuilder;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DISCONNECT over real sockets (3.14; 3.1.2.5 for the will; 3.1.2.11.2 for the session expiry it may change): what a
 * normal disconnect discards, what 5.0's "disconnect with will" publishes, the expiry rules, and an abnormal close.
 *
 * <p>"No will was published" is shown without waiting for silence: after the disconnect a marker message goes to the
 * will topic from another client, and the watcher's next message must be that marker.
 */
@DisplayName("DISCONNECT (3.14)")
@Timeout(60)
class DisconnectIT {
    private static final MqttVersion V5 = MqttVersion.V5;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.withDefaults();

    @BothVersions
    @DisplayName("[MQTT-3.1.2-10] [MQTT-3.14.4-3] a normal DISCONNECT discards the will, and the broker closes the"
            + " connection")
    void normalDisconnectDiscardsTheWill(MqttVersion version) {
        String willTopic = unique("disconnect/will");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        RawMqttClient client = broker.connect(connectPacket(version).clientId(unique("normal"))
                .will(willTopic, "should not be sent", 0, false));

        client.send(PacketBytes.disconnect().build());

        assertThat(closedAfter(client)).as("nothing sent in answer to DISCONNECT").isEmpty();
        assertNextMessageIsAMarker(watcher, willTopic);
    }

    @Test
    @DisplayName("[MQTT-3.14.4-3] 5.0: DISCONNECT 0x00 with a reason code byte and properties discards the will too")
    void explicitNormalDisconnectDiscardsTheWill() {
        String willTopic = unique("disconnect/will");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        RawMqttClient client = broker.connect(PacketBytes.connect().v5().clientId(unique("normal-long"))
                .will(willTopic, "should not be sent", 0, false));

        client.send(PacketBytes.disconnect().reasonCode(0x00).reasonString("bye").build());

        assertThat(closedAfter(client)).isEmpty();
        assertNextMessageIsAMarker(watcher, willTopic);
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.14.2.1] 5.0: DISCONNECT 0x04 (Disconnect with Will Message) publishes the will")
    void disconnectWithWillMessagePublishesTheWill() {
        String willTopic = unique("disconnect/will");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        RawMqttClient client = broker.connect(PacketBytes.connect().v5().clientId(unique("with-will"))
                .will(willTopic, "as asked", 1, false));

        client.send(PacketBytes.disconnect().reasonCode(0x04).build());

        assertThat(closedAfter(client)).isEmpty();
        assertNextMessageIsTheWill(watcher, willTopic, "as asked");
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-8] a connection lost without DISCONNECT (TCP reset) publishes the will")
    void abnormalCloseProducesTheWill(MqttVersion version) {
        String willTopic = unique("disconnect/will");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        RawMqttClient client = broker.connect(connectPacket(version).clientId(unique("crash"))
                .will(willTopic, "crashed", 1, false));

        client.closeWithReset();

        assertNextMessageIsTheWill(watcher, willTopic, "crashed");
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.14.2.2.2] [MQTT-3.14.2-2] 5.0: setting a non-zero Session Expiry at DISCONNECT"
            + " after 0 at CONNECT gets DISCONNECT 0x82 (without Session Expiry), the will, and no session")
    void refusesToRaiseAZeroSessionExpiryAtDisconnect() {
        String willTopic = unique("disconnect/will");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        String id = unique("raise");
        RawMqttClient client = broker.connect(PacketBytes.connect().v5().clientId(id).cleanStart(false)
                .will(willTopic, "not a valid DISCONNECT", 0, false));

        client.send(PacketBytes.disconnect().sessionExpiry(300).build());

        RawPacket disconnect = closedAfterDisconnect(client, 0x82);
        assertThat(disconnect.properties().contains(PropertyId.SESSION_EXPIRY_INTERVAL))
                .as("[MQTT-3.14.2-2] the server sends no Session Expiry Interval").isFalse();
        RawPacket will = watcher.receive().expectType(PacketType.PUBLISH);
        assertThat(will.publishPayloadString(true)).isEqualTo("not a valid DISCONNECT");
        RawPacket connAck = broker.accepted(PacketBytes.connect().v5().clientId(id).cleanStart(false)).connAck();
        assertThat(connAck.connAckSessionPresent()).as("the session ended with expiry 0").isFalse();
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.14.2.2.2] [MQTT-3.1.2-23] 5.0: a longer Session Expiry at DISCONNECT keeps the session"
            + " past the one given at CONNECT")
    void longerSessionExpiryAtDisconnectKeepsTheSession() {
        String willTopic = unique("disconnect/expiry");
        RawMqttClient watcher = broker.subscriber(V5, willTopic, 1);
        // Both sessions ask for 1 s at CONNECT and publish their will when the session ends (Will Delay 600 s is
        // longer than the session). "kept" raises its expiry at DISCONNECT; "control" does not.
        String kept = unique("kept");
        RawMqttClient keptClient = broker.connect(PacketBytes.connect().v5().clientId(kept).cleanStart(false)
                .sessionExpiry(1).will(willTopic, kept, 0, false).willDelay(600));
        String control = unique("control");
        RawMqttClient controlClient = broker.connect(PacketBytes.connect().v5().clientId(control).cleanStart(false)
                .sessionExpiry(1).will(willTopic, control, 0, false).willDelay(600));

        keptClient.send(PacketBytes.disconnect().reasonCode(0x04).sessionExpiry(600).build());
        assertThat(closedAfter(keptClient)).isEmpty();
        controlClient.send(PacketBytes.disconnect().reasonCode(0x04).build());
        assertThat(closedAfter(controlClient)).isEmpty();

        // The control session ends one second after its disconnect, which came after the other's.
        RawPacket will = watcher.receive().expectType(PacketType.PUBLISH);
        assertThat(will.publishPayloadString(true)).as("the first will is the control's").isEqualTo(control);
        RawPacket connAck = broker.accepted(lastingSession(kept)).connAck();
        assertThat(connAck.connAckSessionPresent()).as("the session with the raised expiry is still there").isTrue();
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.14.2.2.2] 5.0: Session Expiry 0 at DISCONNECT ends a session that would have lasted")
    void zeroSessionExpiryAtDisconnectEndsTheSession() {
        String id = unique("end");
        RawMqttClient client = broker.connect(lastingSession(id));
        subscribe(client, V5, unique("end/topic"), 1);

        client.send(PacketBytes.disconnect().sessionExpiry(0).build());
        assertThat(closedAfter(client)).isEmpty();

        RawPacket connAck = broker.accepted(lastingSession(id)).connAck();
        assertThat(connAck.connAckSessionPresent()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.1.2-23] 5.0: a plain DISCONNECT keeps a session whose expiry is above 0")
    void plainDisconnectKeepsASessionWithExpiry() {
        String id = unique("keep");
        RawMqttClient client = broker.connect(lastingSession(id));

        client.send(PacketBytes.disconnect().build());
        assertThat(closedAfter(client)).isEmpty();

        RawPacket connAck = broker.accepted(lastingSession(id)).connAck();
        assertThat(connAck.connAckSessionPresent()).isTrue();
    }

    /** A 5.0 CONNECT with Clean Start 0 and a Session Expiry Interval of 600 s: the session outlasts the test. */
    private static ConnectBuilder lastingSession(String clientId) {
        return PacketBytes.connect().v5().clientId(clientId).cleanStart(false).sessionExpiry(600);
    }

    /**
     * Publishes a marker to {@code topic} from a new client and checks it is the watcher's next message: a will,
     * published while the connection was closing, would have been routed before it.
     */
    private static void assertNextMessageIsAMarker(RawMqttClient watcher, String topic) {
        broker.publishQos0(topic, "marker");

        RawPacket next = watcher.receive().expectType(PacketType.PUBLISH);
        assertThat(next.publishPayloadString(true)).as("the watcher's next message").isEqualTo("marker");
    }

    /** Checks that the watcher's next message is the will: a PUBLISH of {@code payload} to {@code willTopic}. */
    private static void assertNextMessageIsTheWill(RawMqttClient watcher, String willTopic, String payload) {
        RawPacket will = watcher.receive().expectType(PacketType.PUBLISH);
        assertThat(will.publishTopic()).isEqualTo(willTopic);
        assertThat(will.publishPayloadString(true)).isEqualTo(payload);
    }
}
