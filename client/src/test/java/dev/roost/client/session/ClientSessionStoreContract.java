package dev.roost.client.session;

import static dev.roost.client.session.SessionFixtures.BROKER;
import static dev.roost.client.session.SessionFixtures.OTHER_HOST;
import static dev.roost.client.session.SessionFixtures.OTHER_PORT;
import static dev.roost.client.session.SessionFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;
import dev.roost.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClientSessionStore} promises. Each engine runs it through a subclass that says how to open the
 * store and how to reopen it (for a persistent store: close it and open the same data again).
 */
abstract class ClientSessionStoreContract {
    protected final ManualClock clock = new ManualClock();
    protected ClientSessionStore store;

    /** @return a new, empty store using {@link #clock} */
    protected abstract ClientSessionStore open();

    /** @return the same data seen through a store opened afresh; the old instance is closed first if that applies */
    protected abstract ClientSessionStore reopen(ClientSessionStore current);

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private void reopen() {
        store = reopen(store);
    }

    @Test
    void lastUsedCreatesASessionWithAGeneratedClientIdWhenTheBrokerHasNone() {
        StoredSession session = store.lastUsed(BROKER, MqttVersion.V3_1_1);

        assertThat(session.state().clientId()).matches("[a-z0-9]{22}");
        assertThat(session.state().broker()).isEqualTo(BROKER);
        assertThat(store.hasAny(BROKER)).isTrue();
    }

    @Test
    void lastUsedReturnsTheSessionHandedOutMostRecently() {
        store.forClientId(BROKER, "a", MqttVersion.V5);
        store.forClientId(BROKER, "b", MqttVersion.V5);
        store.forClientId(BROKER, "a", MqttVersion.V5);

        assertThat(store.lastUsed(BROKER, MqttVersion.V5).state().clientId()).isEqualTo("a");
        reopen();
        assertThat(store.lastUsed(BROKER, MqttVersion.V5).state().clientId()).isEqualTo("a");
    }

    @Test
    void lastUsedIsKeptPerBrokerHostAndPort() {
        store.forClientId(BROKER, "a", MqttVersion.V5);
        store.forClientId(OTHER_PORT, "b", MqttVersion.V5);
        store.forClientId(OTHER_HOST, "c", MqttVersion.V5);

        assertThat(store.lastUsed(BROKER, MqttVersion.V5).state().clientId()).isEqualTo("a");
        assertThat(store.lastUsed(OTHER_PORT, MqttVersion.V5).state().clientId()).isEqualTo("b");
        assertThat(store.lastUsed(BrokerAddress.of("BROKER.example.com", 1883), MqttVersion.V5).state().clientId())
                .isEqualTo("a");
    }

    @Test
    void forClientIdCreatesTheSessionOnceAndReturnsItAfterwards() {
        StoredSession first = store.forClientId(BROKER, "me", MqttVersion.V5);
        first.append(new SessionChange.Subscribed(List.of(Subscription.of("t/#", Qos.AT_LEAST_ONCE))));
        first.sync();

        reopen();
        StoredSession again = store.forClientId(BROKER, "me", MqttVersion.V5);

        assertThat(again.state().subscriptions()).containsExactly(Subscription.of("t/#", Qos.AT_LEAST_ONCE));
        assertThat(store.sessions(BROKER)).hasSize(1);
    }

    @Test
    void hasAnyIsFalseForABrokerWithoutSessions() {
        store.forClientId(BROKER, "a", MqttVersion.V5);

        assertThat(store.hasAny(OTHER_HOST)).isFalse();
        assertThat(store.hasAny(OTHER_PORT)).isFalse();
    }

    @Test
    void aNullSessionIsRefusedForMqtt311WithAnExplanation() {
        assertThatThrownBy(() -> store.createNullSession(BROKER, MqttVersion.V3_1_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MQTT 5.0")
                .hasMessageContaining("cannot tell the client which id the server assigned");
        assertThat(store.hasAny(BROKER)).isFalse();
    }

    @Test
    void aBrokerHasOneNullSessionWhichKeepsWhatItQueued() {
        StoredSession first = store.createNullSession(BROKER, MqttVersion.V5);
        first.append(new SessionChange.Queued(new QueuedPublish(0, message("t", Qos.AT_LEAST_ONCE, "x"))));
        first.sync();

        StoredSession second = store.createNullSession(BROKER, MqttVersion.V5);

        assertThat(second.state().isNullSession()).isTrue();
        assertThat(second.state().queued()).hasSize(1);
        assertThat(store.sessions(BROKER)).hasSize(1);
    }

    @Test
    void anAssignedClientIdTurnsTheNullSessionIntoARealOneThatTheNextRunFinds() {
        StoredSession nul = store.createNullSession(BROKER, MqttVersion.V5);
        nul.append(new SessionChange.ClientIdAssigned("auto-123"));
        nul.sync();

        reopen();

        assertThat(store.hasAny(BROKER)).isTrue();
        assertThat(store.lastUsed(BROKER, MqttVersion.V5).state().clientId()).isEqualTo("auto-123");
        assertThat(store.sessions(BROKER)).extracting(ClientSessionState::clientId).containsExactly("auto-123");
    }

    @Test
    void anAssignedClientIdReplacesAnOlderSessionWithThatId() {
        store.forClientId(BROKER, "auto-1", MqttVersion.V5);
        StoredSession nul = store.createNullSession(BROKER, MqttVersion.V5);
        nul.append(new SessionChange.ClientIdAssigned("auto-1"));
        nul.sync();

        reopen();

        assertThat(store.sessions(BROKER)).hasSize(1);
    }

    @Test
    void everySyncedChangeIsThereAfterReopening() {
        StoredSession session = store.forClientId(BROKER, "c", MqttVersion.V5);
        session.append(new SessionChange.Queued(new QueuedPublish(0, message("q1", Qos.AT_LEAST_ONCE, "1"))));
        session.append(new SessionChange.Queued(new QueuedPublish(1, message("q2", Qos.EXACTLY_ONCE, "2"))));
        session.append(new SessionChange.Queued(new QueuedPublish(2, message("q3", Qos.AT_LEAST_ONCE, "3"))));
        session.append(new SessionChange.Sent(0, 1));
        session.append(new SessionChange.Sent(1, 2));
        session.append(new SessionChange.PubRecReceived(2));
        session.append(new SessionChange.InboundStored(9));
        session.append(new SessionChange.Connected(MqttVersion.V5, 60, clock.instant().plusSeconds(60)));
        session.sync();
        ClientSessionState before = session.state();

        reopen();

        assertThat(store.forClientId(BROKER, "c", MqttVersion.V5).state())
                .usingRecursiveComparison().ignoringFields("lastUsedAt").isEqualTo(before);
        assertThat(before.outbound()).extracting(OutboundEntry::packetId, OutboundEntry::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, OutboundState.SENT),
                        org.assertj.core.groups.Tuple.tuple(2, OutboundState.PUBREL_SENT));
        assertThat(before.lastPacketId()).isEqualTo(2);
        assertThat(before.queued()).extracting(QueuedPublish::sequence).containsExactly(2L);
    }

    @Test
    void restoreReplacesTheSessionWithTheSameClientId() {
        StoredSession old = store.forClientId(BROKER, "client-1", MqttVersion.V5);
        old.append(new SessionChange.InboundStored(99));
        old.sync();
        ClientSessionState exported = SessionFixtures.fullState();

        store.restore(exported);
        reopen();

        ClientSessionState restored = store.forClientId(BROKER, "client-1", MqttVersion.V5).state();
        assertThat(restored).usingRecursiveComparison().ignoringFields("lastUsedAt").isEqualTo(exported);
        assertThat(store.sessions(BROKER)).hasSize(1);
    }

    @Test
    void removeForgetsTheSession() {
        store.forClientId(BROKER, "a", MqttVersion.V5);

        assertThat(store.remove(BROKER, "a")).isTrue();
        reopen();

        assertThat(store.hasAny(BROKER)).isFalse();
        assertThat(store.remove(BROKER, "a")).isFalse();
    }

    @Test
    void sessionsAreListedMostRecentlyUsedFirst() {
        store.forClientId(BROKER, "a", MqttVersion.V5);
        clock.advance(Duration.ofSeconds(1));
        store.forClientId(BROKER, "b", MqttVersion.V5);
        clock.advance(Duration.ofSeconds(1));
        store.forClientId(BROKER, "c", MqttVersion.V5);

        assertThat(store.sessions(BROKER)).extracting(ClientSessionState::clientId).containsExactly("c", "b", "a");
    }

    @Test
    void aDiscardedProtocolStateKeepsWhatWasNeverSent() {
        StoredSession session = store.forClientId(BROKER, "c", MqttVersion.V5);
        session.append(new SessionChange.Queued(new QueuedPublish(0, message("a", Qos.AT_LEAST_ONCE, "sent"))));
        session.append(new SessionChange.Queued(new QueuedPublish(1, message("b", Qos.AT_LEAST_ONCE, "kept"))));
        session.append(new SessionChange.Sent(0, 5));
        session.append(new SessionChange.InboundStored(3));
        session.append(new SessionChange.Subscribed(List.of(Subscription.of("t", Qos.AT_MOST_ONCE))));
        session.append(new SessionChange.ProtocolStateDiscarded());
        session.sync();

        reopen();

        ClientSessionState state = store.forClientId(BROKER, "c", MqttVersion.V5).state();
        assertThat(state.hasProtocolState()).isFalse();
        assertThat(state.queued()).extracting(q -> q.publish().topic()).containsExactly("b");
        assertThat(state.lastPacketId()).isEqualTo(5);
    }

    @Test
    void aChangeThatDoesNotFitTheStateIsRefused() {
        StoredSession session = store.forClientId(BROKER, "c", MqttVersion.V5);

        assertThatThrownBy(() -> session.append(new SessionChange.OutboundCompleted(4)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("packet id 4");
        assertThatThrownBy(() -> session.append(new SessionChange.ClientIdAssigned("x")))
                .isInstanceOf(IllegalStateException.class);
    }
}
