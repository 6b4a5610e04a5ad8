package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfterConnAck311;
import static dev.roost.broker.spec.Exchanges.closedAfterConnAck5;
import static dev.roost.broker.spec.Exchanges.closedAfterDisconnect;
import static dev.roost.broker.spec.Exchanges.closedSilently;
import static dev.roost.broker.spec.Exchanges.disconnect;
import static dev.roost.broker.spec.Exchanges.subscribe;
import static dev.roost.broker.spec.SpecPackets.connectPacket;
import static dev.roost.broker.spec.SpecPackets.persistentConnect;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.ConnectBuilder;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import dev.roost.testkit.RawProperties;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONNECT and CONNACK over real sockets (MQTT 3.1.1 and 5.0 sections 3.1 and 3.2): validation of each CONNECT field
 * per version, the client identifier rules, Session Present, and what a 5.0 CONNACK advertises.
 */
@DisplayName("CONNECT and CONNACK (3.1, 3.2)")
@Timeout(60)
class ConnectIT {
    private static final int MAX_KEEP_ALIVE = 120;
    private static final long MAX_SESSION_EXPIRY = 3600;
    private static final int RECEIVE_MAXIMUM = 100;
    private static final int TOPIC_ALIAS_MAXIMUM = 10;
    private static final int MAXIMUM_PACKET_SIZE = 65_536;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.with(BrokerSettings.builder()
            .maxKeepAliveSeconds(MAX_KEEP_ALIVE)
            .maxSessionExpirySeconds(MAX_SESSION_EXPIRY)
            .receiveMaximum(RECEIVE_MAXIMUM)
            .topicAliasMaximum(TOPIC_ALIAS_MAXIMUM)
            .maximumPacketSize(MAXIMUM_PACKET_SIZE)
            .build());

    // ---- protocol name and level (3.1.2.1, 3.1.2.2)

    @ParameterizedTest(name = "{0}")
    @EnumSource(MqttVersion.class)
    @DisplayName("[MQTT-3.1.4-4] (3.1.1) [MQTT-3.1.4-5] (5.0) a CONNECT of MQTT 3.1 (MQIsdp, level 3), 3.1.1 or 5.0 is"
            + " accepted with code 0")
    void acceptsEverySupportedProtocolVersion(MqttVersion version) {
        RawPacket connAck = broker.accepted(connectPacket(version).clientId(unique("version"))).connAck();

        if (version.isV5()) {
            assertThat(connAck.connAckFlags()).isZero();
            assertThat(connAck.connAckCode()).isZero();
        } else {
            assertThat(connAck.bytes()).as("3.1/3.1.1 CONNACK").containsExactly(0x20, 0x02, 0x00, 0x00);
        }
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 2, 6, 7, 255})
    @DisplayName("[MQTT-3.1.2-2] an unsupported protocol level gets CONNACK return code 0x01 (3.1.1 layout)"
            + " and a close")
    void refusesAnUnsupportedProtocolLevel(int level) {
        RawMqttClient client = broker.open()
                .send(PacketBytes.connect().v311().protocolLevel(level).clientId(unique("level")).build());

        // Without a known level the broker cannot tell a 5.0 client, so it answers in the 3.1.1 layout, where 0x01
        // is "unacceptable protocol version" (the 3.1.1 counterpart of 5.0's 0x84).
        closedAfterConnAck311(client, 0x01);
    }

    @ParameterizedTest(name = "{0} level {1}")
    @CsvSource({"MQTT, 3", "MQIsdp, 4", "MQIsdp, 5", "HTTP, 4", "mqtt, 4"})
    @DisplayName("[MQTT-3.1.2-1] a protocol name that is not the one of the level is refused (0x01) and closed")
    void refusesAProtocolNameThatDoesNotMatchTheLevel(String name, int level) {
        RawMqttClient client = broker.open().send(PacketBytes.connect().v311().protocolName(name).protocolLevel(level)
                .clientId(unique("name")).build());

        closedAfterConnAck311(client, 0x01);
    }

    // ---- connect flags (3.1.2.3 - 3.1.2.9)

    @BothVersions
    @DisplayName("[MQTT-3.1.2-3] a CONNECT with the reserved flag set is malformed: closed (5.0: CONNACK 0x81 first)")
    void refusesTheReservedConnectFlag(MqttVersion version) {
        RawMqttClient client = broker.open()
                .send(connectPacket(version).clientId(unique("reserved")).reservedFlag(true).build());

        expectRefusedAsMalformed(client, version);
    }

    static Stream<Arguments> inconsistentWillFlags() {
        return Stream.of(
                Arguments.of(MqttVersion.V3_1_1, "[MQTT-3.1.2-13] Will QoS 1 without the Will Flag",
                        PacketBytes.connect().v311().rawFlags(0x02 | 0x08)),
                Arguments.of(MqttVersion.V3_1_1, "[MQTT-3.1.2-15] Will Retain without the Will Flag",
                        PacketBytes.connect().v311().rawFlags(0x02 | 0x20)),
                Arguments.of(MqttVersion.V3_1_1, "[MQTT-3.1.2-14] Will QoS 3",
                        PacketBytes.connect().v311().will("w/t", "gone", 3, false)),
                Arguments.of(MqttVersion.V5, "[MQTT-3.1.2-11] Will QoS 2 without the Will Flag",
                        PacketBytes.connect().v5().rawFlags(0x02 | 0x10)),
                Arguments.of(MqttVersion.V5, "[MQTT-3.1.2-13] Will Retain without the Will Flag",
                        PacketBytes.connect().v5().rawFlags(0x02 | 0x20)),
                Arguments.of(MqttVersion.V5, "[MQTT-3.1.2-12] Will QoS 3",
                        PacketBytes.connect().v5().will("w/t", "gone", 3, false)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("inconsistentWillFlags")
    @DisplayName("[MQTT-3.1.2-13] [MQTT-3.1.2-14] [MQTT-3.1.2-15] (3.1.1)"
            + " [MQTT-3.1.2-11] [MQTT-3.1.2-12] [MQTT-3.1.2-13] (5.0) inconsistent will flags are malformed:"
            + " closed (5.0: CONNACK 0x81 first)")
    void refusesInconsistentWillFlags(MqttVersion version, String rule, ConnectBuilder connect) {
        RawMqttClient client = broker.open().send(connect.clientId(unique("will-flags")).build());

        expectRefusedAsMalformed(client, version);
    }

    @Test
    @DisplayName("[MQTT-3.1.2-22] 3.1.1: a Password Flag without the User Name Flag closes the connection")
    void refusesAPasswordWithoutAUserNameIn311() {
        RawMqttClient client = broker.open()
                .send(PacketBytes.connect().v311().clientId(unique("password")).password("secret").build());

        closedSilently(client);
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.2.9] 5.0 allows a password without a user name")
    void acceptsAPasswordWithoutAUserNameIn5() {
        broker.accepted(PacketBytes.connect().v5().clientId(unique("password")).password("secret"));
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.2-19] [MQTT-3.1.2-21] (3.1.1) [MQTT-3.1.2-17] [MQTT-3.1.2-19] (5.0) a flagged user name and"
            + " password are read and accepted")
    void acceptsAUserNameAndPassword(MqttVersion version) {
        broker.accepted(connectPacket(version).clientId(unique("credentials")).username("alice").password("secret"));
    }

    @BothVersions
    @DisplayName("[MQTT-4.7.1-1] a Will Topic with a wildcard is refused and the connection closed")
    void refusesAWillTopicWithAWildcard(MqttVersion version) {
        RawMqttClient client = broker.open()
                .send(connectPacket(version).clientId(unique("will-topic")).will("will/+/x", "gone", 0, false).build());

        expectRefusedAsMalformed(client, version);
    }

    // ---- client identifier (3.1.3.1)

    @Test
    @DisplayName("[MQTT-3.1.3-8] 3.1.1: an empty client id with Clean Session 0 gets return code 0x02 and a close")
    void refusesAnEmptyClientIdWithoutCleanSessionIn311() {
        RawMqttClient client = broker.open().send(PacketBytes.connect().v311().clientId("").cleanStart(false).build());

        // The CONNACK of a refusal has Session Present 0 [MQTT-3.2.2-4].
        closedAfterConnAck311(client, 0x02);
    }

    @Test
    @DisplayName("[MQTT-3.1.3-6] 3.1.1: an empty client id with Clean Session 1 is accepted")
    void acceptsAnEmptyClientIdWithCleanSessionIn311() {
        RawPacket connAck = broker.accepted(PacketBytes.connect().v311().clientId("").cleanStart(true)).connAck();

        assertThat(connAck.bytes()).containsExactly(0x20, 0x02, 0x00, 0x00);
    }

    @Test
    @DisplayName("[MQIsdp 3.1 §3.1 Client Identifier] 3.1 requires a client id of 1 to 23"
            + " characters: an empty one gets return code 0x02")
    void refusesAnEmptyClientIdIn31() {
        RawMqttClient client = broker.open().send(PacketBytes.connect().v31().clientId("").cleanStart(true).build());

        closedAfterConnAck311(client, 0x02);
    }

    @Test
    @DisplayName("[MQTT-3.2.2-16] [MQTT-3.1.3-7] 5.0: an empty client id gets a unique Assigned Client Identifier")
    void assignsAUniqueClientIdentifier() {
        RawPacket first = broker.accepted(PacketBytes.connect().v5().clientId("").sessionExpiry(300)).connAck();
        RawPacket second = broker.accepted(PacketBytes.connect().v5().clientId("").cleanStart(false)).connAck();

        String firstId = first.properties().string(PropertyId.ASSIGNED_CLIENT_IDENTIFIER);
        String secondId = second.properties().string(PropertyId.ASSIGNED_CLIENT_IDENTIFIER);
        assertThat(firstId).as("first Assigned Client Identifier").isNotEmpty();
        assertThat(secondId).as("second Assigned Client Identifier").isNotEmpty().isNotEqualTo(firstId);
        assertThat(first.properties().count(PropertyId.ASSIGNED_CLIENT_IDENTIFIER)).isEqualTo(1);
    }

    @Test
    @DisplayName("[MQTT-3.2.2-16] [MQTT-3.2.2-3] 5.0: a later CONNECT with the assigned id and Clean Start 0 resumes")
    void resumesTheSessionOfAnAssignedClientIdentifier() {
        RawMqttClient first = broker.open().send(PacketBytes.connect().v5().clientId("").sessionExpiry(300).build());
        String assigned = first.receive().expectType(PacketType.CONNACK).properties()
                .string(PropertyId.ASSIGNED_CLIENT_IDENTIFIER);
        disconnect(first);

        RawPacket connAck = broker.accepted(PacketBytes.connect().v5().clientId(assigned).cleanStart(false)
                .sessionExpiry(300)).connAck();

        assertThat(connAck.connAckSessionPresent()).as("Session Present").isTrue();
        assertThat(connAck.properties().contains(PropertyId.ASSIGNED_CLIENT_IDENTIFIER))
                .as("no Assigned Client Identifier for a client that sent one").isFalse();
    }

    // ---- packet order (3.1.0, 3.2.0)

    @BothVersions
    @DisplayName("[MQTT-3.2.0-1] CONNACK is the first packet, also before the queued messages of a resumed session")
    void sendsConnAckBeforeQueuedMessages(MqttVersion version) {
        String id = unique("first");
        String topic = unique("first/topic");
        broker.storeSession(version, id, topic, 1);
        broker.publishQos1(MqttVersion.V5, topic, "queued");

        RawMqttClient resumed = broker.open().send(persistentConnect(version, id).build());

        RawPacket first = resumed.receive();
        assertThat(first.packetType()).as("first packet").isEqualTo(PacketType.CONNACK);
        assertThat(first.connAckSessionPresent()).isTrue();
        RawPacket queued = resumed.receive().expectType(PacketType.PUBLISH);
        assertThat(queued.publishTopic()).isEqualTo(topic);
        assertThat(queued.publishPayloadString(version.isV5())).isEqualTo("queued");
    }

    static Stream<Arguments> firstPacketsThatAreNotConnect() {
        return Stream.of(
                Arguments.of("PINGREQ", PacketBytes.pingreq()),
                Arguments.of("PUBLISH", PacketBytes.publish().topic("a").payload("x").build()),
                Arguments.of("SUBSCRIBE", PacketBytes.subscribe().filter("a", 0).build()),
                Arguments.of("DISCONNECT", PacketBytes.disconnect().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("firstPacketsThatAreNotConnect")
    @DisplayName("[MQTT-3.1.0-1] a first packet that is not CONNECT closes the connection without an answer")
    void closesWhenTheFirstPacketIsNotConnect(String name, byte[] packet) {
        RawMqttClient client = broker.open().send(packet);

        closedSilently(client);
    }

    @BothVersions
    @DisplayName("[MQTT-3.1.0-2] [MQTT-3.2.0-2] a second CONNECT is a protocol violation: closed"
            + " (5.0: DISCONNECT 0x82)")
    void closesOnASecondConnect(MqttVersion version) {
        String id = unique("second");
        RawMqttClient client = broker.connect(connectPacket(version).clientId(id));

        client.send(connectPacket(version).clientId(id).build());

        if (version.isV5()) {
            RawPacket disconnect = closedAfterDisconnect(client, 0x82);
            assertThat(disconnect.properties().contains(PropertyId.SESSION_EXPIRY_INTERVAL))
                    .as("[MQTT-3.14.2-2] no Session Expiry Interval from the server").isFalse();
        } else {
            closedSilently(client);
        }
    }

    // ---- Session Present (3.2.2.1.1)

    @BothVersions
    @DisplayName("[MQTT-3.2.2-1] (3.1.1) [MQTT-3.2.2-2] (5.0) Clean Start 1 gets Session Present 0 even over a stored"
            + " session")
    void cleanStartGetsSessionPresentZero(MqttVersion version) {
        String id = storedSession(version);

        RawPacket connAck = broker.accepted(connectPacket(version).clientId(id).cleanStart(true)).connAck();

        assertThat(connAck.connAckFlags()).as("Connect Acknowledge Flags").isZero();
    }

    @BothVersions
    @DisplayName("[MQTT-3.2.2-2] (3.1.1) [MQTT-3.2.2-3] (5.0) Clean Start 0 with a stored session gets"
            + " Session Present 1")
    void resumingGetsSessionPresentOne(MqttVersion version) {
        String id = storedSession(version);

        RawPacket connAck = broker.accepted(persistentConnect(version, id)).connAck();

        assertThat(connAck.connAckFlags()).as("Connect Acknowledge Flags").isEqualTo(0x01);
    }

    @BothVersions
    @DisplayName("[MQTT-3.2.2-3] Clean Start 0 without a stored session gets Session Present 0")
    void newPersistentSessionGetsSessionPresentZero(MqttVersion version) {
        RawPacket connAck = broker.accepted(persistentConnect(version, unique("new"))).connAck();

        assertThat(connAck.connAckFlags()).as("Connect Acknowledge Flags").isZero();
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.2.11.2] 5.0: a session with expiry 0 is not stored, so Clean Start 0 finds none")
    void sessionWithoutExpiryIsNotStoredIn5() {
        String id = unique("no-expiry");
        RawMqttClient client = broker.connect(PacketBytes.connect().v5().clientId(id).cleanStart(false));
        subscribe(client, MqttVersion.V5, "no/expiry", 0);
        disconnect(client);

        RawPacket connAck = broker.accepted(PacketBytes.connect().v5().clientId(id).cleanStart(false)).connAck();

        assertThat(connAck.connAckSessionPresent()).isFalse();
    }

    // ---- 5.0 CONNACK properties (3.2.2.3)

    @Test
    @DisplayName("[MQTT-5.0 §3.2.2.3] CONNACK advertises Receive Maximum, Maximum Packet Size, Topic Alias Maximum and"
            + " the available features, each once")
    void advertisesWhatTheServerSupports() {
        RawProperties properties = broker.accepted(PacketBytes.connect().v5().clientId(unique("props")))
                .connAck().properties();

        assertThat(properties.integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(RECEIVE_MAXIMUM);
        assertThat(properties.longValue(PropertyId.MAXIMUM_PACKET_SIZE)).isEqualTo(MAXIMUM_PACKET_SIZE);
        assertThat(properties.integer(PropertyId.TOPIC_ALIAS_MAXIMUM)).isEqualTo(TOPIC_ALIAS_MAXIMUM);
        // Absent means available (3.2.2.3.5, 3.2.2.3.11-13); when present it must say 1.
        for (int flag : new int[] {PropertyId.RETAIN_AVAILABLE, PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE,
                PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE, PropertyId.SHARED_SUBSCRIPTION_AVAILABLE}) {
            assertThat(properties.values(flag)).as(PropertyId.name(flag)).isSubsetOf(1);
        }
        assertThat(properties.contains(PropertyId.MAXIMUM_QOS)).as("Maximum QoS (all QoS supported)").isFalse();
        assertThat(properties.contains(PropertyId.SERVER_KEEP_ALIVE)).as("Server Keep Alive").isFalse();
        assertThat(properties.contains(PropertyId.SESSION_EXPIRY_INTERVAL)).as("Session Expiry Interval").isFalse();
        assertThat(properties.contains(PropertyId.ASSIGNED_CLIENT_IDENTIFIER)).isFalse();
        for (int id : properties.ids()) {
            assertThat(properties.count(id)).as("%s appears once", PropertyId.name(id)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.2.2.3.5, §3.2.2.3.11-13] features the server lacks are advertised as 0 and refused")
    void advertisesAndRefusesWhatTheServerLacks() {
        try (SpecBroker restricted = SpecBroker.with(BrokerSettings.builder()
                .retainAvailable(false).wildcardSubscriptionAvailable(false)
                .subscriptionIdentifiersAvailable(false).sharedSubscriptionAvailable(false).build()).start()) {
            SpecBroker.Exchange exchange = restricted.accepted(PacketBytes.connect().v5()
                    .clientId(unique("lacks")));
            RawProperties properties = exchange.connAck().properties();
            assertThat(properties.integer(PropertyId.RETAIN_AVAILABLE)).isZero();
            assertThat(properties.integer(PropertyId.WILDCARD_SUBSCRIPTION_AVAILABLE)).isZero();
            assertThat(properties.integer(PropertyId.SUBSCRIPTION_IDENTIFIER_AVAILABLE)).isZero();
            assertThat(properties.integer(PropertyId.SHARED_SUBSCRIPTION_AVAILABLE)).isZero();

            RawMqttClient client = exchange.client();
            client.send(PacketBytes.subscribe().v5().packetId(1).filter("lacks/+", 0).filter("$share/g/lacks", 0)
                    .build());
            assertThat(client.receive().expectType(PacketType.SUBACK).subAckReasonCodes(true))
                    .as("wildcard 0xA2, shared 0x9E").containsExactly(0xA2, 0x9E);
            client.send(PacketBytes.subscribe().v5().packetId(2).subscriptionIdentifier(7).filter("lacks", 0)
                    .build());
            assertThat(client.receive().expectType(PacketType.SUBACK).subAckReasonCodes(true))
                    .as("subscription identifier 0xA1").containsExactly(0xA1);
            client.send(PacketBytes.publish().v5().topic("lacks").retain(true).payload("kept").build());
            closedAfterDisconnect(client, 0x9A);
        }
    }

    @ParameterizedTest(name = "client keep-alive {0} s → Server Keep Alive {1}")
    @CsvSource({"300, 120", "0, 120", "65535, 120", "120, -1", "60, -1", "1, -1"})
    @DisplayName("[MQTT-5.0 §3.2.2.3.14] [MQTT-3.2.2-21] Server Keep Alive is sent exactly when the maximum lowers the"
            + " client's keep-alive")
    void sendsServerKeepAliveOnlyWhenItLowersTheClients(int requested, int expected) {
        RawProperties properties = broker.accepted(PacketBytes.connect().v5().clientId(unique("keep-alive"))
                .keepAlive(requested)).connAck().properties();

        assertAbsentOrEqual(properties, PropertyId.SERVER_KEEP_ALIVE, expected);
    }

    @ParameterizedTest(name = "requested {0} s → CONNACK Session Expiry Interval {1}")
    @CsvSource({"7200, 3600", "4294967295, 3600", "3601, 3600", "3600, -1", "100, -1", "0, -1"})
    @DisplayName("[MQTT-5.0 §3.2.2.3.2] a Session Expiry Interval above the maximum is capped and the cap echoed in"
            + " CONNACK")
    void echoesTheCappedSessionExpiry(long requested, long expected) {
        RawProperties properties = broker.accepted(PacketBytes.connect().v5().clientId(unique("expiry"))
                .sessionExpiry(requested)).connAck().properties();

        assertAbsentOrEqual(properties, PropertyId.SESSION_EXPIRY_INTERVAL, expected);
    }

    @Test
    @DisplayName("[MQTT-5.0 §3.1.2.11.9] [MQTT-3.2.2-6] an Authentication Method gets CONNACK 0x8C, Session Present 0,"
            + " and a close")
    void refusesAnAuthenticationMethod() {
        String id = storedSession(MqttVersion.V5);
        RawMqttClient client = broker.open()
                .send(persistentConnect(MqttVersion.V5, id).authenticationMethod("SCRAM-SHA-1").build());

        closedAfterConnAck5(client, 0x8C);
    }

    /** Creates a session with a subscription that outlives its connection; returns its client id. */
    private static String storedSession(MqttVersion version) {
        String id = unique("stored");
        broker.storeSession(version, id, unique("stored/topic"), 1);
        return id;
    }

    /** 3.1.1 has no return code for a malformed CONNECT, so it is closed; 5.0 gets CONNACK 0x81 first. */
    private static void expectRefusedAsMalformed(RawMqttClient client, MqttVersion version) {
        if (version.isV5()) {
            closedAfterConnAck5(client, 0x81);
        } else {
            closedSilently(client);
        }
    }

    /** Checks that property {@code id} is absent if {@code expected} is negative, and else has that value. */
    private static void assertAbsentOrEqual(RawProperties properties, int id, long expected) {
        if (expected < 0) {
            assertThat(properties.contains(id)).as(PropertyId.name(id)).isFalse();
        } else {
            assertThat(properties.longValue(id)).as(PropertyId.name(id)).isEqualTo(expected);
        }
    }
}
