package dev.roost.client.it;

import static dev.roost.client.it.PacketProxy.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roost.client.ClientConfig;
import dev.roost.client.ConnectResult;
import dev.roost.client.PublishResult;
import dev.roost.client.RoostClient;
import dev.roost.client.SessionDiscardedException;
import dev.roost.client.session.ClientSessionState;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.client.session.OutboundEntry;
import dev.roost.client.session.OutboundState;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.PacketType;
import dev.roost.protocol.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Session scenarios of the client against a real broker: an application restart in the middle of QoS 1 and 2
 * exchanges in both directions, export and restore in a fresh client, the null-session flow over two runs, and
 * Session Present 0. Each broker runs them through a subclass.
 */
abstract class SessionScenarios {
    @TempDir
    Path dir;
    BrokerUnderTest broker;
    final List<RoostClient> clients = new ArrayList<>();
    final List<PacketProxy> proxies = new ArrayList<>();

    protected abstract BrokerUnderTest startBroker(Path directory);

    @BeforeEach
    void start() {
        broker = startBroker(dir.resolve("broker"));
    }

    @AfterEach
    void stop() {
        clients.forEach(RoostClient::close);
        proxies.forEach(PacketProxy::close);
        broker.close();
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    PacketProxy proxy() {
        PacketProxy proxy = new PacketProxy(broker.port());
        proxies.add(proxy);
        return proxy;
    }

    RoostClient client(dev.roost.client.ClientConfigBuilder builder) {
        RoostClient client = RoostClient.create(builder.build());
        clients.add(client);
        return client;
    }

    dev.roost.client.ClientConfigBuilder base(int port) {
        return ClientConfig.builder("127.0.0.1", port).version(MqttVersion.V5).noAutomaticReconnect()
                .sessionExpiry(Duration.ofMinutes(5));
    }

    /**
     * Publisher: "one" (QoS 1) stays unacknowledged, "two" (QoS 2) waits for PUBCOMP with its PUBREL lost, "three"
     * (QoS 2) lost its PUBREC, "four" (QoS 2) completes. Subscriber: its first PUBREC and every PUBACK and PUBCOMP are
     * lost. (When the broker hands a QoS 2 message on — at PUBLISH or at PUBREL — is its choice; both are covered.)
     * Then both applications stop and start again on the same stores.
     */
    @Test
    void anApplicationRestartMidFlowCompletesEveryExchangeExactlyOnce() {
        PacketProxy toPublisher = proxy()
                .dropDownstream(p -> p.is(PacketType.PUBACK) || p.is(PacketType.PUBREC) && p.packetId() == 3)
                .dropUpstream(p -> p.is(PacketType.PUBREL) && p.packetId() == 2);
        AtomicInteger pubRecs = new AtomicInteger();
        PacketProxy toSubscriber = proxy()
                .dropUpstream(p -> p.is(PacketType.PUBACK) || p.is(PacketType.PUBCOMP)
                        || p.is(PacketType.PUBREC) && pubRecs.incrementAndGet() == 1);
        Path publisherStore = dir.resolve("publisher");
        Path subscriberStore = dir.resolve("subscriber");
        Inbox firstRun = new Inbox();
        RoostClient subscriber = client(base(toSubscriber.port()).clientId("restart-sub")
                .sessionStoreDirectory(subscriberStore));
        CompletableFuture<?> subscribed = subscriber.subscribe("restart/#", Qos.EXACTLY_ONCE, firstRun);
        Done.of(subscriber.connect());
        Done.of(subscribed);
        RoostClient publisher = client(base(toPublisher.port()).clientId("restart-pub")
                .sessionStoreDirectory(publisherStore));
        Done.of(publisher.connect());

        publisher.publish("restart/1", bytes("one"), Qos.AT_LEAST_ONCE);
        publisher.publish("restart/2", bytes("two"), Qos.EXACTLY_ONCE);
        publisher.publish("restart/3", bytes("three"), Qos.EXACTLY_ONCE);
        CompletableFuture<PublishResult> four = publisher.publish("restart/4", bytes("four"), Qos.EXACTLY_ONCE);

        Done.of(four);
        eventually().untilAsserted(() -> {
            assertThat(firstRun.payloads()).contains("one", "four");
            assertThat(Done.of(publisher.sessionState()).outbound())
                    .extracting(OutboundEntry::packetId, OutboundEntry::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, OutboundState.SENT),
                            org.assertj.core.groups.Tuple.tuple(2, OutboundState.PUBREL_SENT),
                            org.assertj.core.groups.Tuple.tuple(3, OutboundState.SENT));
            assertThat(Done.of(subscriber.sessionState()).inboundQos2()).hasSize(1);
        });

        // The network goes, then the application: nothing is acknowledged on the way out. The proxies stay, as the
        // broker's address: sessions are kept per broker host and port.
        toPublisher.cutAll();
        toSubscriber.cutAll();
        publisher.close();
        subscriber.close();
        toPublisher.passAll();
        toSubscriber.passAll();

        RecordingListener publisherEvents = new RecordingListener();
        Inbox secondRun = new Inbox();
        RoostClient subscriber2 = client(base(toSubscriber.port()).clientId("restart-sub")
                .sessionStoreDirectory(subscriberStore));
        Done.of(subscriber2.registerHandler(Subscription.of("restart/#", Qos.EXACTLY_ONCE), secondRun));
        ConnectResult resumedSubscriber = Done.of(subscriber2.connect());
        RoostClient publisher2 = client(base(toPublisher.port()).clientId("restart-pub")
                .sessionStoreDirectory(publisherStore).listener(publisherEvents));
        ConnectResult resumedPublisher = Done.of(publisher2.connect());

        assertThat(resumedSubscriber.sessionPresent()).isTrue();
        assertThat(resumedPublisher.sessionPresent()).isTrue();
        eventually().untilAsserted(() -> {
            assertThat(Done.of(publisher2.sessionState()).outbound()).isEmpty();
            assertThat(publisherEvents.storedCompleted).as("failed: %s", publisherEvents.storedFailed)
                    .containsExactlyInAnyOrder("one", "two", "three");
            assertThat(Done.of(subscriber2.sessionState()).inboundQos2()).isEmpty();
            List<String> all = new ArrayList<>(firstRun.payloads());
            all.addAll(secondRun.payloads());
            assertThat(all).contains("one", "two", "three", "four");
        });
        List<String> all = new ArrayList<>(firstRun.payloads());
        all.addAll(secondRun.payloads());
        for (String qos2 : List.of("two", "three", "four")) {
            assertThat(all.stream().filter(qos2::equals)).as("QoS 2 '%s' exactly once in %s", qos2, all).hasSize(1);
        }
        assertThat(secondRun.payloads()).as("QoS 1 'one' again: PUBACK lost both ways").contains("one");
        assertThat(publisherEvents.storedFailed).isEmpty();
    }

    @Test
    void anExportedSessionRestoredInAFreshClientCompletesItsExchanges() {
        PacketProxy silent = proxy().dropDownstream(p -> p.is(PacketType.PUBACK) || p.is(PacketType.PUBCOMP));
        RoostClient first = client(base(silent.port()).clientId("exporter")
                .sessionStore(new InMemoryClientSessionStore()));
        Done.of(first.connect());
        first.publish("export/a", bytes("a1"), Qos.AT_LEAST_ONCE);
        first.publish("export/b", bytes("b2"), Qos.EXACTLY_ONCE);
        eventually().until(() -> Done.of(first.sessionState()).outbound().size() == 2
                && Done.of(first.sessionState()).outbound().get(1).state() == OutboundState.PUBREL_SENT);
        String exported = Done.of(first.exportSession());
        silent.close();
        first.close();

        RecordingListener events = new RecordingListener();
        RoostClient fresh = client(base(broker.port()).clientId("exporter").listener(events)
                .sessionStore(new InMemoryClientSessionStore()));
        ClientSessionState restored = Done.of(fresh.restoreSession(exported));
        ConnectResult result = Done.of(fresh.connect());

        assertThat(restored.outbound()).hasSize(2);
        assertThat(result.sessionPresent()).isTrue();
        eventually().untilAsserted(() -> assertThat(events.storedCompleted).containsExactlyInAnyOrder("a1", "b2"));
    }

    @Test
    void restoringOnlyWhenTheServerKeptTheSessionFollowsTheRecipe() {
        PacketProxy silent = proxy().dropDownstream(type(PacketType.PUBACK));
        RoostClient first = client(base(silent.port()).clientId("recipe")
                .sessionStore(new InMemoryClientSessionStore()));
        Done.of(first.connect());
        first.publish("recipe/a", bytes("r1"), Qos.AT_LEAST_ONCE);
        eventually().until(() -> Done.of(first.sessionState()).outbound().size() == 1);
        String saved = Done.of(first.exportSession());
        silent.close();
        first.close();

        RecordingListener events = new RecordingListener();
        RoostClient fresh = client(base(broker.port()).clientId("recipe").listener(events)
                .sessionStore(new InMemoryClientSessionStore()));
        ConnectResult result = Done.of(fresh.connect());
        if (result.sessionPresent()) {
            Done.of(fresh.restoreSession(saved));
        }

        assertThat(result.sessionPresent()).isTrue();
        eventually().untilAsserted(() -> assertThat(events.storedCompleted).containsExactly("r1"));
    }

    @Test
    void aNullSessionKeepsTheAssignedClientIdForTheNextRun() {
        Path store = dir.resolve("null-session");

        RoostClient firstRun = client(base(broker.port()).serverAssignedClientId().sessionStoreDirectory(store));
        ConnectResult first = Done.of(firstRun.connect());
        firstRun.close();
        RoostClient secondRun = client(base(broker.port()).serverAssignedClientId().sessionStoreDirectory(store));
        ConnectResult second = Done.of(secondRun.connect());

        assertThat(first.clientIdAssigned()).isTrue();
        assertThat(first.clientId()).isNotEmpty();
        assertThat(second.clientIdAssigned()).isFalse();
        assertThat(second.clientId()).isEqualTo(first.clientId());
        assertThat(second.sessionPresent()).isTrue();
    }

    @Test
    void sessionPresentZeroDiscardsAndReportsInFlightKeepsQueuedAndResubscribes() throws Exception {
        PacketProxy flaky = proxy().dropDownstream(type(PacketType.PUBACK));
        RecordingListener events = new RecordingListener();
        Inbox inbox = new Inbox();
        RoostClient client = client(base(flaky.port()).clientId("sp0").sessionExpiry(Duration.ZERO)
                .listener(events).sessionStore(new InMemoryClientSessionStore()));
        CompletableFuture<?> subscribed = client.subscribe("sp0/in", Qos.AT_LEAST_ONCE, inbox);
        Done.of(client.connect());
        Done.of(subscribed);
        CompletableFuture<PublishResult> lost = client.publish("sp0/out", bytes("in flight"), Qos.AT_LEAST_ONCE);
        eventually().until(() -> Done.of(client.sessionState()).outbound().size() == 1);
        flaky.cutAll();
        eventually().until(() -> !client.isConnected());
        CompletableFuture<PublishResult> queued = client.publish("sp0/out", bytes("queued"), Qos.AT_LEAST_ONCE);
        flaky.passAll();

        ConnectResult result = Done.of(client.connect());

        assertThat(result.sessionPresent()).isFalse();
        assertThat(result.discarded().possiblyUndelivered()).extracting(m -> new String(m.payload(),
                StandardCharsets.UTF_8)).containsExactly("in flight");
        assertThat(result.discarded().subscriptions()).extracting(Subscription::filter).containsExactly("sp0/in");
        assertThat(events.discarded).containsExactly(result.discarded());
        assertThatThrownBy(() -> lost.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SessionDiscardedException.class);
        assertThat(Done.of(queued).qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        RoostClient other = client(base(broker.port()).clientId("sp0-other")
                .sessionStore(new InMemoryClientSessionStore()));
        Done.of(other.connect());
        eventually().untilAsserted(() -> {
            Done.of(other.publish("sp0/in", bytes("after"), Qos.AT_LEAST_ONCE));
            assertThat(inbox.payloads()).contains("after");
        });
    }
}
