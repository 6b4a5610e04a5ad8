package dev.roost.broker.spec;

import static dev.roost.broker.spec.Exchanges.closedAfter;
import static dev.roost.broker.spec.Exchanges.closedAfterConnAck311;
import static dev.roost.broker.spec.Exchanges.closedAfterConnAck5;
import static dev.roost.broker.spec.Exchanges.closedSilently;
import static dev.roost.broker.spec.Exchanges.ping;
import static dev.roost.broker.spec.SpecPackets.unique;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.PropertyId;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Malformed and illegal input, one table row per packet (MQTT 3.1.1 4.8 and 5.0 4.13): each row names the rule, the
 * exact bytes, when they are sent (as the first packet, or after an accepted 3.1.1 or 5.0 CONNECT), and what the
 * broker must answer before it closes the connection. After every row the broker must still be healthy: a
 * neighbour connected all along still gets PINGRESP, a fresh client can connect, the bad socket was closed (never
 * left half-open), and nothing was logged with a stack trace.
 *
 * <p>The broker runs with small limits so that rows can exceed them: Maximum Packet Size {@value #MAX_PACKET_SIZE},
 * Receive Maximum {@value #RECEIVE_MAXIMUM}, Topic Alias Maximum {@value #TOPIC_ALIAS_MAXIMUM}.
 */
@DisplayName("Malformed and illegal input (4.8, 4.13)")
@Timeout(120)
class MalformedInputIT {
    private static final int MAX_PACKET_SIZE = 256;
    private static final int RECEIVE_MAXIMUM = 2;
    private static final int TOPIC_ALIAS_MAXIMUM = 5;

    @RegisterExtension
    static final SpecBroker broker = SpecBroker.with(BrokerSettings.builder()
            .maximumPacketSize(MAX_PACKET_SIZE)
            .receiveMaximum(RECEIVE_MAXIMUM)
            .topicAliasMaximum(TOPIC_ALIAS_MAXIMUM)
            .build());
    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static RawMqttClient neighbour;

    @BeforeAll
    static void connectNeighbourAndWatchTheLog() {
        // Not one of the broker's per-test clients: it stays connected for the whole class.
        neighbour = RawMqttClient.connect("127.0.0.1", broker.port());
        connect(neighbour, PacketBytes.connect().v5().clientId(unique("neighbour")).keepAlive(0).build());
        LOG.start();
        rootLogger().addAppender(LOG);
    }

    @BeforeEach
    void forgetEarlierLogs() {
        synchronized (LOG) {
            LOG.list.clear();
        }
    }

    @AfterAll
    static void disconnectNeighbourAndStopWatching() {
        rootLogger().detachAppender(LOG);
        neighbour.close();
    }

    // ---- the table

    /** When the row's bytes are sent. */
    enum Stage {
        /** As the first bytes on a new connection. */
        FIRST,
        /** After a 3.1.1 CONNECT the broker accepted. */
        V311,
        /** After a 5.0 CONNECT the broker accepted. */
        V5
    }

    /** One malformed or illegal input and what the broker must do about it. */
    record Row(String name, Stage stage, byte[] bytes, Outcome outcome) {
        @Override
        public String toString() {
            return name + " → " + outcome;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                // ---- before or as the CONNECT
                first("[MQTT-3.1.0-1] PINGREQ as the first packet", PacketBytes.pingreq(), closes()),
                first("[MQTT-3.1.0-1] SUBSCRIBE as the first packet",
                        PacketBytes.subscribe().filter("a", 0).build(), closes()),
                first("[MQTT-5.0 §2.1.2] reserved packet type 0 as the first packet", PacketBytes.raw(0x00, 0x00),
                        closes()),
                first("[MQTT-5.0 §1.5.5] Remaining Length of 5 bytes", PacketBytes.raw(0x10, 0xFF, 0xFF, 0xFF, 0xFF,
                        0x7F), closes()),
                first("[MQTT-3.1.2-3] 3.1.1 CONNECT with the reserved flag",
                        PacketBytes.connect().v311().clientId("m").reservedFlag(true).build(), closes()),
                first("[MQTT-3.1.2-3] 5.0 CONNECT with the reserved flag",
                        PacketBytes.connect().v5().clientId("m").reservedFlag(true).build(), connAck5(0x81)),
                first("[MQTT-2.2.2-2] 3.1.1 CONNECT with fixed-header flags 0010",
                        PacketBytes.connect().v311().clientId("m").fixedHeaderFlags(0x02).build(), closes()),
                first("[MQTT-3.1.2-2] CONNECT with protocol level 6",
                        PacketBytes.connect().v311().protocolLevel(6).clientId("m").build(), connAck311(0x01)),
                first("[MQTT-3.1.3-8] 3.1.1 CONNECT with an empty client id and Clean Session 0",
                        PacketBytes.connect().v311().cleanStart(false).build(), connAck311(0x02)),
                first("[MQTT-3.1.2-22] 3.1.1 CONNECT with a password but no user name",
                        PacketBytes.connect().v311().clientId("m").password("p").build(), closes()),
                first("[MQTT-3.1.2-12] 5.0 CONNECT with Will QoS 3",
                        PacketBytes.connect().v5().clientId("m").will("w", "x", 3, false).build(), connAck5(0x81)),
                first("[MQTT-4.7.1-1] 5.0 CONNECT with a wildcard in the Will Topic",
                        PacketBytes.connect().v5().clientId("m").will("w/#", "x", 0, false).build(), connAck5(0x81)),
                first("[MQTT-5.0 §2.2.2.2] 5.0 CONNECT with an unknown property id (0x05)",
                        PacketBytes.connect().v5().clientId("m").rawProperty(0x05, 0x00).build(), connAck5(0x81)),
                first("[MQTT-5.0 §2.2.2.2] 5.0 CONNECT with a property of PUBLISH (Topic Alias)",
                        PacketBytes.connect().v5().clientId("m").rawProperty(0x23, 0x00, 0x01).build(),
                        connAck5(0x81)),
                first("[MQTT-5.0 §3.1.2.11.3] 5.0 CONNECT with Receive Maximum 0",
                        PacketBytes.connect().v5().clientId("m").receiveMaximum(0).build(), connAck5(0x82)),
                first("[MQTT-5.0 §3.1.2.11.4] 5.0 CONNECT with Maximum Packet Size 0",
                        PacketBytes.connect().v5().clientId("m").maximumPacketSize(0).build(), connAck5(0x82)),
                first("[MQTT-5.0 §3.1.2.11.7] 5.0 CONNECT with Request Problem Information 2",
                        PacketBytes.connect().v5().clientId("m").requestProblemInformation(2).build(),
                        connAck5(0x82)),
                first("[MQTT-5.0 §3.1.2.11.9] 5.0 CONNECT with an Authentication Method",
                        PacketBytes.connect().v5().clientId("m").authenticationMethod("PLAIN").build(),
                        connAck5(0x8C)),
                first("[MQTT-1.5.4-1] 5.0 CONNECT with ill-formed UTF-8 in the client id",
                        connectWithRawClientId(new byte[] {'m', (byte) 0xC3, 0x28}), connAck5(0x81)),
                first("[MQTT-5.0 §3.2.2.3.6] 5.0 CONNECT larger than the Maximum Packet Size",
                        PacketBytes.connect().v5().clientId("m".repeat(MAX_PACKET_SIZE)).build(), connAck5(0x95)),
                first("[broker limit] 3.1.1 CONNECT larger than the broker accepts",
                        PacketBytes.connect().v311().clientId("m".repeat(MAX_PACKET_SIZE)).build(), closes()),

                // ---- after a 5.0 CONNECT: DISCONNECT with a reason code, then close
                v5("[MQTT-3.1.0-2] a second CONNECT", PacketBytes.connect().v5().clientId("again").build(),
                        disconnect(0x82)),
                v5("[MQTT-5.0 §2.1.2] reserved packet type 0", PacketBytes.raw(0x00, 0x00), disconnect(0x81)),
                v5("[MQTT-5.0 §1.5.5] Remaining Length of 5 bytes", PacketBytes.raw(0x30, 0xFF, 0xFF, 0xFF, 0xFF,
                        0x7F), disconnect(0x81)),
                v5("[MQTT-3.3.1-4] PUBLISH with QoS 3",
                        PacketBytes.publish().v5().topic("a").qos(3).packetId(1).build(), disconnect(0x81)),
                v5("[MQTT-3.3.1-2] PUBLISH QoS 0 with DUP", PacketBytes.publish().v5().topic("a").dup(true).build(),
                        disconnect(0x81)),
                v5("[MQTT-3.3.2-2] PUBLISH to a topic with '+'", PacketBytes.publish().v5().topic("a/+").build(),
                        disconnect(0x81)),
                v5("[MQTT-3.3.2-2] PUBLISH to a topic with '#'", PacketBytes.publish().v5().topic("a/#").build(),
                        disconnect(0x81)),
                v5("[MQTT-5.0 §3.3.2.1] PUBLISH with an empty topic and no Topic Alias",
                        PacketBytes.publish().v5().topic("").payload("x").build(), disconnect(0x82)),
                v5("[MQTT-3.3.2-8] PUBLISH with Topic Alias 0",
                        PacketBytes.publish().v5().topic("a").topicAlias(0).build(), disconnect(0x94)),
                v5("[MQTT-3.3.2-9] PUBLISH with a Topic Alias above the maximum",
                        PacketBytes.publish().v5().topic("a").topicAlias(TOPIC_ALIAS_MAXIMUM + 1).build(),
                        disconnect(0x94)),
                v5("[MQTT-5.0 §3.3.2.3.4] PUBLISH with an empty topic and an alias never set",
                        PacketBytes.publish().v5().topic("").topicAlias(3).build(), disconnect(0x82)),
                v5("[MQTT-2.2.1-3] PUBLISH QoS 1 with packet id 0",
                        PacketBytes.publish().v5().topic("a").qos(1).packetId(0).build(), disconnect(0x81)),
                v5("[MQTT-1.5.4-1] PUBLISH topic with ill-formed UTF-8",
                        PacketBytes.publish().v5().topicBytes(new byte[] {'a', (byte) 0xC3, 0x28}).build(),
                        disconnect(0x81)),
                v5("[MQTT-1.5.4-1] PUBLISH topic with an encoded surrogate (U+D800)",
                        PacketBytes.publish().v5().topicBytes(new byte[] {'a', (byte) 0xED, (byte) 0xA0,
                                (byte) 0x80}).build(), disconnect(0x81)),
                v5("[MQTT-1.5.4-2] PUBLISH topic with U+0000",
                        PacketBytes.publish().v5().topicBytes(new byte[] {'a', 0x00, 'b'}).build(),
                        disconnect(0x81)),
                v5("[MQTT-5.0 §2.2.2.2] PUBLISH with an unknown property id (0x05)",
                        PacketBytes.publish().v5().topic("a").rawProperty(0x05, 0x00).build(), disconnect(0x81)),
                v5("[MQTT-5.0 §2.2.2.2] PUBLISH with a CONNECT property (Session Expiry Interval)",
                        PacketBytes.publish().v5().topic("a").rawProperty(0x11, 0, 0, 0, 1).build(),
                        disconnect(0x81)),
                v5("[MQTT-3.3.4-6] PUBLISH from a client with a Subscription Identifier",
                        PacketBytes.publish().v5().topic("a").subscriptionIdentifier(5).build(), disconnect(0x82)),
                v5("[MQTT-5.0 §3.3.2.3.2] PUBLISH with Payload Format Indicator 2",
                        PacketBytes.publish().v5().topic("a").payloadFormat(2).build(), disconnect(0x82)),
                v5("[MQTT-3.3.2-14] PUBLISH with a wildcard in the Response Topic",
                        PacketBytes.publish().v5().topic("a").responseTopic("r/#").build(), disconnect(0x81)),
                v5("[MQTT-5.0 §3.2.2.3.6] PUBLISH larger than the Maximum Packet Size",
                        PacketBytes.publish().v5().topic("a").payload(new byte[MAX_PACKET_SIZE]).build(),
                        disconnect(0x95)),
                v5("[MQTT-3.3.4-7] a third QoS 2 PUBLISH beyond Receive Maximum " + RECEIVE_MAXIMUM,
                        PacketBytes.concat(
                                PacketBytes.publish().v5().topic("a").qos(2).packetId(1).build(),
                                PacketBytes.publish().v5().topic("a").qos(2).packetId(2).build(),
                                PacketBytes.publish().v5().topic("a").qos(2).packetId(3).build()),
                        disconnect(0x93, PacketType.PUBREC, PacketType.PUBREC)),
                v5("[MQTT-3.6.1-1] PUBREL with fixed-header flags 0000",
                        PacketBytes.pubrel(1).fixedHeaderFlags(0x00).build(), disconnect(0x81)),
                v5("[MQTT-5.0 §3.4.2.1] PUBACK with a reason code not defined for it (0x8F)",
                        PacketBytes.puback(1).reasonCode(0x8F).build(), disconnect(0x81)),
                v5("[MQTT-3.8.1-1] SUBSCRIBE with fixed-header flags 0000",
                        PacketBytes.subscribe().v5().fixedHeaderFlags(0x00).filter("a", 0).build(),
                        disconnect(0x81)),
                v5("[MQTT-3.8.3-2] SUBSCRIBE without a Topic Filter", PacketBytes.subscribe().v5().build(),
                        disconnect(0x82)),
                v5("[MQTT-5.0 §3.8.3.1] SUBSCRIBE with Maximum QoS 3",
                        PacketBytes.subscribe().v5().filterWithOptions("a", 0x03).build(), disconnect(0x82)),
                v5("[MQTT-5.0 §3.8.3.1] SUBSCRIBE with Retain Handling 3",
                        PacketBytes.subscribe().v5().filter("a", 0, false, false, 3).build(), disconnect(0x82)),
                v5("[MQTT-3.8.3-4] shared SUBSCRIBE with No Local",
                        PacketBytes.subscribe().v5().filter("$share/g/a", 0, true, false, 0).build(),
                        disconnect(0x82)),
                v5("[MQTT-5.0 §3.8.2.1.2] SUBSCRIBE with Subscription Identifier 0",
                        PacketBytes.subscribe().v5().subscriptionIdentifier(0).filter("a", 0).build(),
                        disconnect(0x82)),
                v5("[MQTT-4.7.1-2] SUBSCRIBE to 'a/#/b' is refused in its SUBACK, not by a close",
                        PacketBytes.subscribe().v5().filter("a/#/b", 0).filter("ok", 1).build(),
                        subAck5(0x8F, 0x01)),
                v5("[MQTT-4.7.1-3] SUBSCRIBE to 'a+' is refused in its SUBACK, not by a close",
                        PacketBytes.subscribe().v5().filter("a+", 0).build(), subAck5(0x8F)),
                v5("[MQTT-3.10.1-1] UNSUBSCRIBE with fixed-header flags 0000",
                        PacketBytes.unsubscribe().v5().fixedHeaderFlags(0x00).filter("a").build(),
                        disconnect(0x81)),
                v5("[MQTT-3.10.3-2] UNSUBSCRIBE without a Topic Filter", PacketBytes.unsubscribe().v5().build(),
                        disconnect(0x82)),
                v5("[MQTT-5.0 §3.2] CONNACK sent by a client", PacketBytes.connack().v5().build(), disconnect(0x82)),
                v5("[MQTT-5.0 §3.9] SUBACK sent by a client", PacketBytes.suback(1).v5().reasonCodes(0).build(),
                        disconnect(0x82)),
                v5("[MQTT-5.0 §3.13] PINGRESP sent by a client", PacketBytes.pingresp(), disconnect(0x82)),
                v5("[MQTT-5.0 §4.12] AUTH without an Authentication Method at CONNECT", PacketBytes.auth().build(),
                        disconnect(0x82)),
                v5("[MQTT-5.0 §1.5.4] PUBLISH whose topic length runs past the packet, then more packets",
                        PacketBytes.concat(PacketBytes.packet(0x30, PacketBytes.raw(0x00, 0x40, 'a', 'b', 0x00)),
                                pingRequests(40)),
                        disconnect(0x81)),
                v5("[MQTT-3.14.1-1] DISCONNECT with fixed-header flags 0001",
                        PacketBytes.disconnect().fixedHeaderFlags(0x01).build(), disconnect(0x81)),

                // ---- after a 3.1.1 CONNECT: a close, without a packet
                v311("[MQTT-3.1.0-2] a second CONNECT", PacketBytes.connect().v311().clientId("again").build(),
                        closes()),
                v311("[MQTT-3.3.1-4] PUBLISH with QoS 3",
                        PacketBytes.publish().topic("a").qos(3).packetId(1).build(), closes()),
                v311("[MQTT-4.7.3-1] PUBLISH with an empty topic", PacketBytes.publish().topic("").build(), closes()),
                v311("[MQTT-2.3.1-1] PUBLISH QoS 2 with packet id 0",
                        PacketBytes.publish().topic("a").qos(2).packetId(0).build(), closes()),
                v311("[MQTT-2.2.2-2] PUBACK with fixed-header flags 0001",
                        PacketBytes.puback(1).fixedHeaderFlags(0x01).build(), closes()),
                v311("[MQTT-3.1.1 §3.4.1] PUBACK with Remaining Length 3",
                        PacketBytes.puback(1).reasonCode(0x00).build(), closes()),
                v311("[MQTT-3.8.3-4] SUBSCRIBE with a 5.0 option bit (No Local)",
                        PacketBytes.subscribe().filter("a", 0, true, false, 0).build(), closes()),
                v311("[MQTT-3.8.3-3] SUBSCRIBE without a Topic Filter", PacketBytes.subscribe().build(), closes()),
                v311("[MQTT-3.8.1-1] SUBSCRIBE with fixed-header flags 0000",
                        PacketBytes.subscribe().fixedHeaderFlags(0x00).filter("a", 0).build(), closes()),
                v311("[MQTT-1.5.3-1] PUBLISH topic with ill-formed UTF-8",
                        PacketBytes.publish().topicBytes(new byte[] {'a', (byte) 0xFF}).build(), closes()),
                v311("[MQTT-4.7.1-2] SUBSCRIBE to 'a/#/b' is refused in its SUBACK (0x80), not by a close",
                        PacketBytes.subscribe().filter("a/#/b", 1).filter("ok", 1).build(), subAck311(0x80, 0x01)),
                v311("[MQTT-3.10.3-2] UNSUBSCRIBE without a Topic Filter", PacketBytes.unsubscribe().build(),
                        closes()),
                v311("[MQTT-2.2.2-2] DISCONNECT with fixed-header flags 0001",
                        PacketBytes.disconnect().fixedHeaderFlags(0x01).build(), closes()),
                v311("[MQTT-3.1.1 §2.2.1] reserved packet type 15 (AUTH of 5.0)", PacketBytes.raw(0xF0, 0x00),
                        closes()),
                v311("[MQTT-3.1.1 §3.2] CONNACK sent by a client", PacketBytes.connack().build(), closes()),
                v311("[broker limit] packet larger than the broker accepts",
                        PacketBytes.publish().topic("a").payload(new byte[MAX_PACKET_SIZE]).build(), closes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("[MQTT-4.8.0-1] [MQTT-4.13.1-1] each malformed or illegal packet gets what the spec says, and the"
            + " broker stays healthy")
    void answersMalformedInputAndStaysHealthy(Row row) {
        RawMqttClient bad = broker.open();
        switch (row.stage()) {
            case FIRST -> { }
            case V311 -> connect(bad, PacketBytes.connect().v311().clientId(unique("bad")).build());
            case V5 -> connect(bad, PacketBytes.connect().v5().clientId(unique("bad")).build());
        }

        bad.send(row.bytes());

        row.outcome().check(bad);
        assertThat(bad.isClosed()).as("the bad connection is closed (not half-open)").isTrue();
        ping(neighbour);
        broker.assertHealthy();
        assertThat(loggedWithStackTrace()).as("log events with a stack trace").isEmpty();
    }

    @Test
    @DisplayName("the table holds at least 30 distinct inputs")
    void tableHoldsAtLeastThirtyDistinctInputs() {
        List<Row> rows = rows().toList();
        Set<String> distinct = new HashSet<>();
        for (Row row : rows) {
            assertThat(distinct.add(row.stage() + Arrays.toString(row.bytes()))).as("duplicate input %s", row)
                    .isTrue();
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
    }

    // ---- rules the codec checks before Netty decodes a packet (FrameValidator)

    @Test
    @DisplayName("[MQTT-5.0 §3.3.2.3] 5.0 PUBLISH with Payload Format Indicator twice gets DISCONNECT 0x82")
    void refusesADuplicateProperty() {
        RawMqttClient bad = broker.open();
        connect(bad, PacketBytes.connect().v5().clientId(unique("bad")).build());

        bad.send(PacketBytes.publish().v5().topic("a").payloadFormat(0).payloadFormat(0).build());

        disconnect(0x82).check(bad);
    }

    @Test
    @DisplayName("[MQTT-3.8.3-5] 5.0 SUBSCRIBE with a reserved subscription option bit gets DISCONNECT 0x81")
    void refusesReservedSubscriptionOptionBits() {
        RawMqttClient bad = broker.open();
        connect(bad, PacketBytes.connect().v5().clientId(unique("bad")).build());

        bad.send(PacketBytes.subscribe().v5().filterWithOptions("a", 0x40).build());

        disconnect(0x81).check(bad);
    }

    @Test
    @DisplayName("[MQTT-5.0 §1.5.4] [MQTT-4.13.1-1] a PUBLISH whose topic runs past the packet, alone, is closed")
    void closesALoneStringRunningPastThePacket() {
        RawMqttClient bad = broker.open();
        connect(bad, PacketBytes.connect().v5().clientId(unique("bad")).keepAlive(0).build());

        bad.send(PacketBytes.packet(0x30, PacketBytes.raw(0x00, 0x40, 'a', 'b', 0x00)));

        disconnect(0x81).check(bad);
    }

    // ---- outcomes

    /** What the broker does with a row's input. */
    sealed interface Outcome {
        /** Asserts the outcome on {@code client}; afterwards the broker has closed it. */
        void check(RawMqttClient client);
    }

    /** Closed without a packet. */
    record Closed() implements Outcome {
        @Override
        public void check(RawMqttClient client) {
            closedSilently(client);
        }

        @Override
        public String toString() {
            return "close";
        }
    }

    /** A 3.1.1 CONNACK (Session Present 0) with {@code returnCode}, then closed. */
    record ConnAck311(int returnCode) implements Outcome {
        @Override
        public void check(RawMqttClient client) {
            closedAfterConnAck311(client, returnCode);
        }

        @Override
        public String toString() {
            return String.format("3.1.1 CONNACK 0x%02X, close", returnCode);
        }
    }

    /** A 5.0 CONNACK (Session Present 0) with {@code reasonCode}, then closed. */
    record ConnAck5(int reasonCode) implements Outcome {
        @Override
        public void check(RawMqttClient client) {
            RawPacket connAck = closedAfterConnAck5(client, reasonCode);
            assertThat(connAck.properties().ids()).as("5.0 layout; at most a Reason String")
                    .isSubsetOf(PropertyId.REASON_STRING);
        }

        @Override
        public String toString() {
            return String.format("CONNACK 0x%02X, close", reasonCode);
        }
    }

    /** The {@code before} packets, then a 5.0 DISCONNECT with {@code reasonCode}, then closed. */
    record Disconnect5(int reasonCode, List<PacketType> before) implements Outcome {
        @Override
        public void check(RawMqttClient client) {
            List<RawPacket> sent = closedAfter(client);
            assertThat(sent).as("packets before the close").hasSize(before.size() + 1);
            for (int i = 0; i < before.size(); i++) {
                sent.get(i).expectType(before.get(i));
            }
            RawPacket disconnect = sent.get(before.size()).expectType(PacketType.DISCONNECT);
            assertThat(disconnect.reasonCode()).as("DISCONNECT reason code").isEqualTo(reasonCode);
        }

        @Override
        public String toString() {
            return (before.isEmpty() ? "" : before.stream().map(Enum::name).collect(Collectors.joining(", ", "", ", ")))
                    + String.format("DISCONNECT 0x%02X, close", reasonCode);
        }
    }

    /** A SUBACK (packet id 1) with {@code codes}; the connection stays open (it is closed by a DISCONNECT here). */
    record SubAck(boolean v5, List<Integer> codes) implements Outcome {
        @Override
        public void check(RawMqttClient client) {
            RawPacket subAck = client.receive().expectType(PacketType.SUBACK);
            assertThat(subAck.packetId()).isEqualTo(1);
            assertThat(subAck.subAckReasonCodes(v5)).containsExactlyElementsOf(codes);
            ping(client);
            Exchanges.disconnect(client);
        }

        @Override
        public String toString() {
            return "SUBACK " + codes.stream().map(c -> String.format("0x%02X", c)).collect(Collectors.joining(" "))
                    + ", stays open";
        }
    }

    // ---- helpers

    private static Row first(String name, byte[] bytes, Outcome outcome) {
        return new Row("first packet: " + name, Stage.FIRST, bytes, outcome);
    }

    private static Row v5(String name, byte[] bytes, Outcome outcome) {
        return new Row("5.0: " + name, Stage.V5, bytes, outcome);
    }

    private static Row v311(String name, byte[] bytes, Outcome outcome) {
        return new Row("3.1.1: " + name, Stage.V311, bytes, outcome);
    }

    private static Outcome closes() {
        return new Closed();
    }

    private static Outcome connAck311(int returnCode) {
        return new ConnAck311(returnCode);
    }

    private static Outcome connAck5(int reasonCode) {
        return new ConnAck5(reasonCode);
    }

    private static Outcome disconnect(int reasonCode, PacketType... before) {
        return new Disconnect5(reasonCode, List.of(before));
    }

    private static Outcome subAck5(Integer... codes) {
        return new SubAck(true, List.of(codes));
    }

    private static Outcome subAck311(Integer... codes) {
        return new SubAck(false, List.of(codes));
    }

    /** A 5.0 CONNECT, built by hand because its client id is given as raw, possibly ill-formed, UTF-8 bytes. */
    private static byte[] connectWithRawClientId(byte[] clientId) {
        return PacketBytes.packet(0x10,
                PacketBytes.utf8("MQTT"), PacketBytes.raw(0x05, 0x02, 0x00, 0x3C, 0x00),
                PacketBytes.binary(clientId));
    }

    private static byte[] pingRequests(int count) {
        List<byte[]> pings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pings.add(PacketBytes.pingreq());
        }
        return PacketBytes.concat(pings.toArray(byte[][]::new));
    }

    private static void connect(RawMqttClient client, byte[] connect) {
        client.send(connect);
        assertThat(client.receive().expectType(PacketType.CONNACK).connAckCode()).as("CONNACK code").isZero();
    }

    private static List<String> loggedWithStackTrace() {
        synchronized (LOG) {
            return LOG.list.stream()
                    .filter(e -> e.getThrowableProxy() != null || e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage())
                    .toList();
        }
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
