package dev.roost.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code mosquitto_pub} and {@code mosquitto_sub} command-line clients (package {@code mosquitto-clients})
 * against Roost, with {@code -V 311} and {@code -V 5}: each QoS between the two tools and between each tool and Paho,
 * retained messages, wills (a subscriber killed with SIGKILL), wildcards and shared subscriptions.
 *
 * <p>The tools are required, not optional: when they are missing every test fails and says how to install them.
 * Every process is bounded by {@code -W} (and {@code -C} where the count is known) and killed in a finally block.
 *
 * <p>To know that {@code mosquitto_sub} has subscribed (its debug output is block-buffered on a pipe), each one also
 * subscribes to a unique topic holding a retained "ready" message; that message is printed, and flushed, only once
 * the broker has processed the SUBSCRIBE.
 */
@DisplayName("mosquitto_pub / mosquitto_sub")
class MosquittoClientsIT {
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(10);
    private static final String PROCESS_TIMEOUT_SECONDS = "10";
    private static final String READY = "ready";

    @RegisterExtension
    static final RoostBrokerExtension BROKER = new RoostBrokerExtension();

    /** The protocol versions of the tools, each with the Paho client of the same version. */
    enum Version {
        MQTT_311("311", ClientKind.PAHO_V3),
        MQTT_5("5", ClientKind.PAHO_V5);

        final String flag;
        final ClientKind paho;

        Version(String flag, ClientKind paho) {
            this.flag = flag;
            this.paho = paho;
        }

        @Override
        public String toString() {
            return "-V " + flag;
        }
    }

    @BeforeAll
    static void toolsAreInstalled() {
        MosquittoProcess.executable("mosquitto_pub");
        MosquittoProcess.executable("mosquitto_sub");
    }

    static Stream<Arguments> versionsAndQos() {
        return Stream.of(Version.values()).flatMap(v -> IntStream.rangeClosed(0, 2).mapToObj(q -> Arguments.of(v, q)));
    }

    // ---- QoS, both ways

    @ParameterizedTest(name = "{0}, QoS {1}")
    @MethodSource("versionsAndQos")
    @DisplayName("mosquitto_pub → Roost → mosquitto_sub at each QoS")
    void mosquittoPubToMosquittoSub(Version version, int qos) {
        String topic = BROKER.unique("mm/q" + qos);
        try (Subscriber subscriber = subscribe(version, qos, 2, List.of(topic))) {
            publish(version, topic, "first", qos, false);
            publish(version, topic, "second", qos, false);

            assertThat(subscriber.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", subscriber).isZero();
            assertThat(subscriber.deliveries()).containsExactly(
                    Delivery.live(topic, "first", qos), Delivery.live(topic, "second", qos));
        }
    }

    @ParameterizedTest(name = "{0}, QoS {1}")
    @MethodSource("versionsAndQos")
    @DisplayName("mosquitto_pub → Roost → Paho at each QoS")
    void mosquittoPubToPaho(Version version, int qos) {
        String topic = BROKER.unique("mp/q" + qos);
        try (InteropClient paho = version.paho.connect(ClientSpec.clean(BROKER.port(), BROKER.unique("paho")))) {
            paho.subscribe(topic, qos);
            publish(version, topic, "first", qos, false);
            publish(version, topic, "second", qos, false);

            assertThat(paho.inbox().next(2)).containsExactly(
                    Delivery.live(topic, "first", qos), Delivery.live(topic, "second", qos));
        }
    }

    @ParameterizedTest(name = "{0}, QoS {1}")
    @MethodSource("versionsAndQos")
    @DisplayName("Paho → Roost → mosquitto_sub at each QoS")
    void pahoToMosquittoSub(Version version, int qos) {
        String topic = BROKER.unique("pm/q" + qos);
        try (Subscriber subscriber = subscribe(version, qos, 2, List.of(topic));
             InteropClient paho = version.paho.connect(ClientSpec.clean(BROKER.port(), BROKER.unique("paho")))) {
            paho.publish(topic, "first", qos, false);
            paho.publish(topic, "second", qos, false);

            assertThat(subscriber.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", subscriber).isZero();
            assertThat(subscriber.deliveries()).containsExactly(
                    Delivery.live(topic, "first", qos), Delivery.live(topic, "second", qos));
        }
    }

    // ---- retained

    @ParameterizedTest(name = "{0}")
    @EnumSource(Version.class)
    @DisplayName("retained: mosquitto_pub -r sets it, mosquitto_sub receives it on subscribe, -r -n clears it")
    void retainedMessageIsSetReceivedAndCleared(Version version) {
        String topic = BROKER.unique("retained");
        publish(version, topic, "kept", 1, true);
        try (Subscriber subscriber = subscribe(version, 2, 1, List.of(topic))) {
            assertThat(subscriber.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", subscriber).isZero();
            assertThat(subscriber.deliveries()).containsExactly(Delivery.retained(topic, "kept", 1));
        }

        run("mosquitto_pub", version, List.of("-t", topic, "-q", "1", "-r", "-n"));
        try (Subscriber subscriber = subscribe(version, 1, 1, List.of(topic))) {
            publish(version, topic, "live", 1, false);
            assertThat(subscriber.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", subscriber).isZero();
            assertThat(subscriber.deliveries()).as("no retained message left; the first one is live")
                    .containsExactly(Delivery.live(topic, "live", 1));
        }
    }

    // ---- will

    @ParameterizedTest(name = "{0}")
    @EnumSource(Version.class)
    @DisplayName("[MQTT-3.1.2-8] will: published when mosquitto_sub is killed with SIGKILL")
    void willIsPublishedWhenMosquittoSubIsKilled(Version version) {
        String willTopic = BROKER.unique("will");
        try (ReferencePeer observer = peer().subscribe(willTopic, 2);
             Subscriber subscriber = subscribe(version, 0, -1, List.of(BROKER.unique("idle")),
                     "--will-topic", willTopic, "--will-payload", "gone", "--will-qos", "1")) {
            subscriber.process.kill();

            assertThat(observer.awaitMessage()).isEqualTo(Delivery.live(willTopic, "gone", 1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Version.class)
    @DisplayName("[MQTT-3.14.4-3] will: not published when mosquitto_sub ends normally with DISCONNECT")
    void willIsNotPublishedWhenMosquittoSubExitsNormally(Version version) {
        String willTopic = BROKER.unique("no-will");
        String topic = BROKER.unique("trigger");
        try (ReferencePeer observer = peer().subscribe(willTopic, 2)) {
            try (Subscriber subscriber = subscribe(version, 0, 1, List.of(topic),
                    "--will-topic", willTopic, "--will-payload", "gone", "--will-qos", "1")) {
                observer.publish(topic, "last", 0);
                assertThat(subscriber.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", subscriber).isZero();
            }
            observer.expectNoMessage(ClientInteropContract.SILENCE);
        }
    }

    // ---- wildcards

    @ParameterizedTest(name = "{0}")
    @EnumSource(Version.class)
    @DisplayName("wildcards: mosquitto_sub -t 'a/+/temp' -t 'b/#' gets exactly the matching messages")
    void wildcardsMatchLikeTheSpecSays(Version version) {
        String plus = BROKER.unique("plus");
        String hash = BROKER.unique("hash");
        try (Subscriber subscriber = subscribe(version, 1, 4, List.of(plus + "/+/temp", hash + "/#"))) {
            publish(version, plus + "/a/b/temp", "too deep", 1, false);
            publish(version, plus + "/a/temp", "one level", 1, false);
            publish(version, hash + "x/a", "sibling", 1, false);
            publish(version, hash, "parent", 1, false);
            publish(version, plus + "/temp", "no level", 1, false);
            publish(version, hash + "/a/b/c", "descendant", 1, false);
            publish(version, plus + "/b/temp", "another level", 1, false);

            assertThat(subscriber.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", subscriber).isZero();
            assertThat(subscriber.deliveries()).containsExactly(
                    Delivery.live(plus + "/a/temp", "one level", 1),
                    Delivery.live(hash, "parent", 1),
                    Delivery.live(hash + "/a/b/c", "descendant", 1),
                    Delivery.live(plus + "/b/temp", "another level", 1));
        }
    }

    // ---- shared subscriptions

    @ParameterizedTest(name = "{0}")
    @EnumSource(Version.class)
    @DisplayName("shared subscriptions: two mosquitto_sub -t '$share/g/t' get each message exactly once between them")
    void sharedSubscriptionSplitsMessagesBetweenSubscribers(Version version) {
        String topic = BROKER.unique("shared");
        String filter = "$share/" + BROKER.unique("g") + "/" + topic;
        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
        try (Subscriber first = subscribe(version, 1, -1, List.of(filter));
             Subscriber second = subscribe(version, 1, -1, List.of(filter));
             MosquittoProcess publisher = start("mosquitto_pub", version, List.of("-t", topic, "-q", "1", "-l"))) {
            publisher.writeAndCloseStdin(String.join("\n", sent) + "\n");
            assertThat(publisher.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", publisher).isZero();

            await().atMost(PROCESS_TIMEOUT).until(() ->
                    first.deliveries().size() + second.deliveries().size() >= sent.size());
            List<Delivery> all = new ArrayList<>(first.deliveries());
            all.addAll(second.deliveries());
            assertThat(all).extracting(Delivery::payload).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(all).allSatisfy(d -> assertThat(d).isEqualTo(Delivery.live(topic, d.payload(), 1)));
            assertThat(List.of(first, second)).as("round robin gives both members a share")
                    .allSatisfy(member -> assertThat(member.deliveries()).isNotEmpty());
        }
    }

    // ---- session resume

    @ParameterizedTest(name = "{0}")
    @EnumSource(Version.class)
    @DisplayName("session resume: mosquitto_sub -c, killed, gets what was published meanwhile when it comes back")
    void persistentSessionGetsWhatWasPublishedWhileOffline(Version version) {
        String base = BROKER.unique("resume");
        String clientId = BROKER.unique("mosquitto-resumer");
        List<String> filters = List.of(base + "/q1", base + "/q2");
        try (Subscriber first = subscribe(version, clientId, 2, -1, filters, "-c")) {
            first.process.kill();
        }
        try (ReferencePeer publisher = peer()) {
            for (int i = 0; i < 3; i++) {
                publisher.publish(base + "/q1", "q1-" + i, 1).publish(base + "/q2", "q2-" + i, 2);
            }
        }

        try (Subscriber resumed = subscribe(version, clientId, 2, 6, filters, "-c")) {
            assertThat(resumed.process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", resumed).isZero();
            List<Delivery> received = resumed.deliveries();
            assertThat(received).filteredOn(d -> d.qos() == 1).containsExactly(Delivery.live(base + "/q1", "q1-0", 1),
                    Delivery.live(base + "/q1", "q1-1", 1), Delivery.live(base + "/q1", "q1-2", 1));
            assertThat(received).filteredOn(d -> d.qos() == 2).containsExactly(Delivery.live(base + "/q2", "q2-0", 2),
                    Delivery.live(base + "/q2", "q2-1", 2), Delivery.live(base + "/q2", "q2-2", 2));
        }
    }

    // ---- helpers

    /** A running mosquitto_sub whose subscription the broker has processed. */
    private record Subscriber(MosquittoProcess process, String readyTopic) implements AutoCloseable {
        /** What it printed, in order, without the readiness message. */
        List<Delivery> deliveries() {
            return process.lines().stream()
                    .map(MosquittoClientsIT::parse)
                    .filter(delivery -> !delivery.topic().equals(readyTopic))
                    .toList();
        }

        @Override
        public void close() {
            process.close();
        }

        @Override
        public String toString() {
            return process.toString();
        }
    }

    /**
     * Starts mosquitto_sub on {@code filters} at {@code qos}, printing {@code topic|qos|retain|payload} per message
     * and exiting after {@code count} messages (none: {@code -1}), and waits until it has subscribed.
     */
    private static Subscriber subscribe(Version version, int qos, int count, List<String> filters,
            String... extraArguments) {
        return subscribe(version, BROKER.unique("mosquitto-sub"), qos, count, filters, extraArguments);
    }

    private static Subscriber subscribe(Version version, String clientId, int qos, int count, List<String> filters,
            String... extraArguments) {
        String readyTopic = BROKER.unique("ready");
        try (ReferencePeer peer = peer()) {
            peer.publish(readyTopic, READY, 0, true);
        }
        List<String> arguments = new ArrayList<>(List.of("-i", clientId,
                "-q", String.valueOf(qos), "-F", "%t|%q|%r|%p"));
        if (count >= 0) {
            arguments.addAll(List.of("-C", String.valueOf(count + 1)));
        }
        filters.forEach(filter -> arguments.addAll(List.of("-t", filter)));
        arguments.addAll(List.of("-t", readyTopic));
        arguments.addAll(List.of(extraArguments));
        MosquittoProcess process = start("mosquitto_sub", version, arguments);
        try {
            process.awaitLine(line -> line.equals(readyTopic + "|0|1|" + READY), PROCESS_TIMEOUT);
            return new Subscriber(process, readyTopic);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    /** Runs mosquitto_pub once and checks it exits with 0. */
    private static void publish(Version version, String topic, String payload, int qos, boolean retain) {
        List<String> arguments = new ArrayList<>(List.of("-t", topic, "-m", payload, "-q", String.valueOf(qos)));
        if (retain) {
            arguments.add("-r");
        }
        run("mosquitto_pub", version, arguments);
    }

    private static void run(String program, Version version, List<String> arguments) {
        try (MosquittoProcess process = start(program, version, arguments)) {
            assertThat(process.awaitExit(PROCESS_TIMEOUT)).as("exit code of %s", process).isZero();
        }
    }

    /** Starts a tool against the broker with the version flag and the overall time limit {@code -W}. */
    private static MosquittoProcess start(String program, Version version, List<String> arguments) {
        List<String> all = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", String.valueOf(BROKER.port()),
                "-V", version.flag));
        if (program.equals("mosquitto_sub")) {
            all.addAll(List.of("-W", PROCESS_TIMEOUT_SECONDS));
        }
        all.addAll(arguments);
        return MosquittoProcess.start(program, all);
    }

    /** Parses a line printed with {@code -F %t|%q|%r|%p}. */
    private static Delivery parse(String line) {
        String[] fields = line.split("\\|", 4);
        if (fields.length != 4) {
            throw new AssertionError("not a message line of mosquitto_sub: " + line);
        }
        return new Delivery(fields[0], fields[3], Integer.parseInt(fields[1]), fields[2].equals("1"));
    }

    private static ReferencePeer peer() {
        return ReferencePeer.connect(BROKER.port(), BROKER.unique("ref"));
    }
}
