package dev.roost.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The feature list every third-party client must pass against Roost: QoS 0/1/2 as publisher and as subscriber,
 * retained messages, wills, wildcards and shared subscriptions. A test class implements it for one
 * {@link ClientKind} and supplies the broker; JUnit runs the default methods as that class's tests.
 *
 * <p>The other side of each exchange is a {@link ReferencePeer} (the testkit's byte-level client), so a failure
 * points at the client under test or at the broker, never at a second library.
 */
public interface ClientInteropContract {
    Duration SILENCE = Duration.ofMillis(300);

    // Order is asserted only among messages of one QoS: MQTT promises order per topic and QoS, and clients differ
    // across QoS levels (Paho hands a QoS 2 message over at PUBREL, after later QoS 0/1 ones).

    /** The client library and protocol version under test. */
    ClientKind kind();

    /** The broker the class started. */
    RoostBrokerExtension broker();

    // ---- QoS, both ways

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("as publisher: messages reach a subscriber once each, in order, at the published QoS")
    default void publishedMessagesReachAnIndependentSubscriberAtTheirQos(int qos) {
        String topic = broker().unique("pub/q" + qos);
        try (ReferencePeer subscriber = peer().subscribe(topic, 2);
             InteropClient client = connect(clean("pub"))) {
            client.publish(topic, "first", qos, false);
            client.publish(topic, "second", qos, false);

            assertThat(subscriber.awaitMessages(2)).containsExactly(
                    Delivery.live(topic, "first", qos), Delivery.live(topic, "second", qos));
        }
    }

    @ParameterizedTest(name = "QoS {0}")
    @ValueSource(ints = {0, 1, 2})
    @DisplayName("as subscriber: messages arrive once each, in order, at the subscribed QoS")
    default void subscribedClientReceivesMessagesAtItsQos(int qos) {
        String topic = broker().unique("sub/q" + qos);
        try (InteropClient client = connect(clean("sub"));
             ReferencePeer publisher = peer()) {
            client.subscribe(topic, qos);
            publisher.publish(topic, "first", qos).publish(topic, "second", qos);

            assertThat(client.inbox().next(2)).containsExactly(
                    Delivery.live(topic, "first", qos), Delivery.live(topic, "second", qos));
        }
    }

    @Test
    @DisplayName("as subscriber: a message is delivered at the lower of published and granted QoS")
    default void subscriberGetsTheLowerOfPublishedAndGrantedQos() {
        String topic = broker().unique("downgrade");
        try (InteropClient client = connect(clean("sub"));
             ReferencePeer publisher = peer()) {
            client.subscribe(topic, 1);
            publisher.publish(topic, "at-2", 2).publish(topic, "at-0", 0);

            assertThat(client.inbox().next(2)).as("order across QoS levels is not promised")
                    .containsExactlyInAnyOrder(Delivery.live(topic, "at-2", 1), Delivery.live(topic, "at-0", 0));
        }
    }

    // ---- retained

    @Test
    @DisplayName("retained: set by the client, delivered on subscribe to it and to others, cleared by an empty one")
    default void retainedMessageIsSetDeliveredOnSubscribeAndCleared() {
        String topic = broker().unique("retained");
        try (InteropClient publisher = connect(clean("retain-pub"));
             ReferencePeer observer = peer()) {
            publisher.publish(topic, "kept", 1, true);

            observer.subscribe(topic, 1);
            assertThat(observer.awaitMessage()).isEqualTo(Delivery.retained(topic, "kept", 1));
            try (InteropClient late = connect(clean("retain-sub"))) {
                late.subscribe(topic, 2);
                assertThat(late.inbox().next(Inbox.DEFAULT_TIMEOUT)).isEqualTo(Delivery.retained(topic, "kept", 1));
            }

            publisher.publish(topic, "", 1, true);
            assertThat(observer.awaitMessage()).as("the clearing message reaches current subscribers")
                    .isEqualTo(Delivery.live(topic, "", 1));
            try (InteropClient afterClear = connect(clean("retain-after"))) {
                afterClear.subscribe(topic, 1);
                observer.publish(topic, "live", 1);
                assertThat(afterClear.inbox().next(Inbox.DEFAULT_TIMEOUT))
                        .as("no retained message is left to deliver on subscribe")
                        .isEqualTo(Delivery.live(topic, "live", 1));
            }
        }
    }

    // ---- will

    @Test
    @DisplayName("[MQTT-3.1.2-8] will: published when the client's connection is cut without DISCONNECT")
    default void willIsPublishedWhenTheConnectionIsCut() {
        String willTopic = broker().unique("will");
        KillableProxy proxy = broker().proxy();
        try (ReferencePeer observer = peer().subscribe(willTopic, 2);
             InteropClient client = connect(clean("will").withPort(proxy.port())
                     .withWill(willTopic, "gone", 1, false))) {
            assertThat(proxy.killAll()).as("connections cut").isEqualTo(1);

            assertThat(observer.awaitMessage()).isEqualTo(Delivery.live(willTopic, "gone", 1));
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
        }
    }

    @Test
    @DisplayName("[MQTT-3.1.2-8] will: a retained QoS 2 will is published and kept for later subscribers")
    default void retainedWillIsPublishedAndKept() {
        String willTopic = broker().unique("will-retained");
        KillableProxy proxy = broker().proxy();
        try (ReferencePeer observer = peer().subscribe(willTopic, 2);
             InteropClient client = connect(clean("will").withPort(proxy.port())
                     .withWill(willTopic, "gone-for-good", 2, true))) {
            proxy.killAll();

            assertThat(observer.awaitMessage()).as("to a subscriber present when it is published")
                    .isEqualTo(Delivery.live(willTopic, "gone-for-good", 2));
            try (ReferencePeer late = peer()) {
                late.subscribe(willTopic, 2);
                assertThat(late.awaitMessage()).as("to a later subscriber, as the retained message")
                        .isEqualTo(Delivery.retained(willTopic, "gone-for-good", 2));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
        }
    }

    @Test
    @DisplayName("[MQTT-3.14.4-3] will: not published after a normal DISCONNECT")
    default void willIsNotPublishedAfterNormalDisconnect() {
        String willTopic = broker().unique("no-will");
        try (ReferencePeer observer = peer().subscribe(willTopic, 2)) {
            try (InteropClient client = connect(clean("no-will").withWill(willTopic, "gone", 1, false))) {
                client.disconnect();
            }
            observer.expectNoMessage(SILENCE);
        }
    }

    // ---- wildcards

    @Test
    @DisplayName("wildcards: '+' matches exactly one level")
    default void singleLevelWildcardMatchesExactlyOneLevel() {
        String base = broker().unique("plus");
        try (InteropClient client = connect(clean("plus"));
             ReferencePeer publisher = peer()) {
            client.subscribe(base + "/+/temp", 1);
            publisher.publish(base + "/a/b/temp", "two levels", 1)
                    .publish(base + "/temp", "no level", 1)
                    .publish(base + "/a/temp", "a", 1)
                    .publish(base + "x/a/temp", "other root", 1)
                    .publish(base + "/b/temp", "b", 1)
                    .publish(base + "/c/temperature", "other leaf", 1)
                    .publish(base + "/c/temp", "c", 1);

            assertThat(client.inbox().next(3)).containsExactly(
                    Delivery.live(base + "/a/temp", "a", 1),
                    Delivery.live(base + "/b/temp", "b", 1),
                    Delivery.live(base + "/c/temp", "c", 1));
        }
    }

    @Test
    @DisplayName("wildcards: '#' matches the parent level and every level below it")
    default void multiLevelWildcardMatchesParentAndDescendants() {
        String base = broker().unique("hash");
        try (InteropClient client = connect(clean("hash"));
             ReferencePeer publisher = peer()) {
            client.subscribe(base + "/#", 1);
            publisher.publish(base + "x", "sibling", 1)
                    .publish(base, "parent", 1)
                    .publish(base + "/a", "child", 1)
                    .publish("other/" + base, "elsewhere", 1)
                    .publish(base + "/a/b/c", "grandchild", 1);

            assertThat(client.inbox().next(3)).containsExactly(
                    Delivery.live(base, "parent", 1),
                    Delivery.live(base + "/a", "child", 1),
                    Delivery.live(base + "/a/b/c", "grandchild", 1));
        }
    }

    // ---- shared subscriptions

    @Test
    @DisplayName("shared subscriptions: each message goes to exactly one member of the group")
    default void sharedSubscriptionDeliversEachMessageToExactlyOneMember() {
        String topic = broker().unique("shared");
        String group = broker().unique("g");
        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "m" + i).toList();
        try (InteropClient first = connect(clean("share-a"));
             InteropClient second = connect(clean("share-b"));
             ReferencePeer publisher = peer()) {
            first.subscribe("$share/" + group + "/" + topic, 1);
            second.subscribe("$share/" + group + "/" + topic, 1);
            sent.forEach(payload -> publisher.publish(topic, payload, 1));

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    first.inbox().history().size() + second.inbox().history().size() >= sent.size());
            List<Delivery> all = new ArrayList<>(first.inbox().history());
            all.addAll(second.inbox().history());
            assertThat(all).extracting(Delivery::payload).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(all).allSatisfy(d -> assertThat(d).isEqualTo(Delivery.live(topic, d.payload(), 1)));
            assertThat(Stream.of(first, second)).as("round robin gives both members a share")
                    .allSatisfy(member -> assertThat(member.inbox().history()).isNotEmpty());
        }
    }

    // ---- helpers

    /** A clean-session spec with a unique client id. */
    default ClientSpec clean(String role) {
        return ClientSpec.clean(broker().port(), broker().unique(role));
    }

    default InteropClient connect(ClientSpec spec) {
        return kind().connect(spec);
    }

    default ReferencePeer peer() {
        return ReferencePeer.connect(broker().port(), broker().unique("ref"));
    }
}
