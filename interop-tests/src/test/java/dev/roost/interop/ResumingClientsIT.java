package dev.roost.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Third-party clients as resuming clients: a persistent session (3.1.1 Clean Session 0; 5.0 Clean Start 0 with a
 * Session Expiry Interval) subscribes at QoS 1 and 2, goes offline — by a normal DISCONNECT or by its connection
 * being cut — misses messages, and reconnects with the same client id. The broker must answer Session Present 1 and
 * deliver every queued message: QoS 2 exactly once, QoS 1 at least once, each topic in publication order.
 *
 * <p>The client reconnects with the same library instance, as an application whose connection dropped would.
 * Clause ids are those of MQTT 3.1.1; MQTT 5.0 states the same in 3.1.2.4 and 4.4.
 */
@DisplayName("Resuming sessions with Paho and HiveMQ clients")
class ResumingClientsIT {
    private static final int MISSED_PER_TOPIC = 5;
    private static final int IN_FLIGHT_PER_TOPIC = 200;
    private static final long SESSION_EXPIRY_SECONDS = 300;

    @RegisterExtension
    static final RoostBrokerExtension BROKER = new RoostBrokerExtension();

    /** How the client goes offline. */
    enum Interruption {
        DISCONNECT {
            @Override
            void apply(InteropClient client, KillableProxy proxy) {
                client.disconnect();
            }
        },
        CONNECTION_CUT {
            @Override
            void apply(InteropClient client, KillableProxy proxy) {
                assertThat(proxy.killAll()).as("connections cut").isEqualTo(1);
            }
        };

        abstract void apply(InteropClient client, KillableProxy proxy);
    }

    static Stream<Arguments> clientsAndInterruptions() {
        return Stream.of(ClientKind.values())
                .flatMap(kind -> Stream.of(Interruption.values()).map(how -> Arguments.of(kind, how)));
    }

    @ParameterizedTest(name = "{0}, offline by {1}")
    @MethodSource("clientsAndInterruptions")
    @DisplayName("[MQTT-3.1.2-4] [MQTT-3.1.2-5] resumed session: Session Present 1, each queued message once, in order")
    void resumedSessionReceivesEveryQueuedMessageInOrder(ClientKind kind, Interruption interruption) {
        String base = BROKER.unique("resume");
        String qos1Topic = base + "/q1";
        String qos2Topic = base + "/q2";
        KillableProxy proxy = BROKER.proxy();
        ClientSpec spec = ClientSpec.persistent(proxy.port(), BROKER.unique("resumer"), SESSION_EXPIRY_SECONDS);
        try (InteropClient client = kind.create(spec);
             ReferencePeer publisher = ReferencePeer.connect(BROKER.port(), BROKER.unique("publisher"))) {
            assertThat(client.connect()).as("Session Present for a new client id").isFalse();
            client.subscribe(qos1Topic, 1);
            client.subscribe(qos2Topic, 2);

            interruption.apply(client, proxy);
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
            for (int i = 0; i < MISSED_PER_TOPIC; i++) {
                publisher.publish(qos1Topic, "q1-" + i, 1);
                publisher.publish(qos2Topic, "q2-" + i, 2);
            }

            assertThat(client.connect()).as("Session Present on resume").isTrue();
            publisher.publish(qos2Topic, "q2-after", 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.inbox().history().stream()
                    .anyMatch(delivery -> delivery.payload().equals("q2-after")));

            List<Delivery> received = client.inbox().history();
            assertThat(received).filteredOn(delivery -> delivery.topic().equals(qos2Topic))
                    .as("QoS 2: exactly once, in order")
                    .containsExactlyElementsOf(Stream.concat(payloads("q2-").stream(), Stream.of("q2-after"))
                            .map(payload -> Delivery.live(qos2Topic, payload, 2)).toList());
            List<Delivery> qos1 = received.stream().filter(delivery -> delivery.topic().equals(qos1Topic)).toList();
            assertThat(qos1).as("QoS 1: every message at QoS 1")
                    .allSatisfy(delivery -> assertThat(delivery).isEqualTo(
                            Delivery.live(qos1Topic, delivery.payload(), 1)));
            assertThat(qos1.stream().map(Delivery::payload).distinct().toList())
                    .as("QoS 1: at least once, first deliveries in order").isEqualTo(payloads("q1-"));
        }
    }

    /**
     * Cuts the connection while messages flow to the client at full speed, so some exchanges are open at the cut
     * (PUBLISH sent, PUBREC lost in the reset, PUBREL sent, PUBCOMP lost), and others are queued while it is offline.
     *
     * <p>Paho Java v5 1.2.5 is left out: it cannot pass this as a client. It hands a QoS 2 message to the application
     * when the PUBLISH arrives and does not check whether it already holds that packet id, so the broker's correct
     * DUP resend of a PUBLISH whose PUBREC was lost is delivered twice ({@code ClientState.notifyReceivedMsg}); and
     * after such a cut it sometimes never sends its CONNECT on the new connection (timeout 32000). Both were seen on
     * the wire through the proxy; see docs/INTEROP.md.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ClientKind.class, mode = EnumSource.Mode.EXCLUDE, names = "PAHO_V5")
    @DisplayName("[MQTT-4.4.0-1] messages in flight when the connection is cut are completed after the resume")
    void messagesInFlightWhenTheConnectionIsCutAreCompletedAfterResume(ClientKind kind) throws Exception {
        String base = BROKER.unique("in-flight");
        String qos1Topic = base + "/q1";
        String qos2Topic = base + "/q2";
        KillableProxy proxy = BROKER.proxy();
        ClientSpec spec = ClientSpec.persistent(proxy.port(), BROKER.unique("resumer"), SESSION_EXPIRY_SECONDS);
        ExecutorService publishing = Executors.newSingleThreadExecutor();
        try (InteropClient client = kind.create(spec);
             ReferencePeer publisher = ReferencePeer.connect(BROKER.port(), BROKER.unique("publisher"))) {
            client.connect();
            client.subscribe(qos1Topic, 1);
            client.subscribe(qos2Topic, 2);

            Future<?> published = publishing.submit(() -> {
                for (int i = 0; i < IN_FLIGHT_PER_TOPIC; i++) {
                    publisher.publish(qos1Topic, "q1-" + i, 1);
                    publisher.publish(qos2Topic, "q2-" + i, 2);
                }
            });
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                    .until(() -> client.inbox().history().size() >= 20);
            proxy.killAll();
            assertThat(published.isDone()).as("the cut came while messages were still flowing").isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
            published.get(10, TimeUnit.SECONDS);

            assertThat(client.connect()).as("Session Present on resume").isTrue();
            publisher.publish(qos2Topic, "q2-after", 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.inbox().history().stream()
                    .anyMatch(delivery -> delivery.payload().equals("q2-after")));

            List<Delivery> received = client.inbox().history();
            assertThat(received).filteredOn(delivery -> delivery.topic().equals(qos2Topic))
                    .extracting(Delivery::payload).as("QoS 2: exactly once, in order")
                    .containsExactlyElementsOf(Stream.concat(payloads("q2-", IN_FLIGHT_PER_TOPIC).stream(),
                            Stream.of("q2-after")).toList());
            assertThat(received.stream().filter(delivery -> delivery.topic().equals(qos1Topic))
                    .map(Delivery::payload).distinct().toList())
                    .as("QoS 1: at least once, first deliveries in order")
                    .isEqualTo(payloads("q1-", IN_FLIGHT_PER_TOPIC));
        } finally {
            publishing.shutdownNow();
        }
    }

    private static List<String> payloads(String prefix) {
        return payloads(prefix, MISSED_PER_TOPIC);
    }

    private static List<String> payloads(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }
}
