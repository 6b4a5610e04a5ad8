package dev.roost.broker.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The session's subscriptions, held alone while there is one, and its expiry interval. */
class SessionTest {
    private final Session session = new Session("c", MqttVersion.V5, 60);

    private static SessionSubscription sub(String filter, Qos qos) {
        return new SessionSubscription(Subscription.of(filter, qos), 0);
    }

    private static String[] filters(Session s) {
        return s.subscriptions().stream().map(x -> x.subscription().filter()).toArray(String[]::new);
    }

    @Test
    void subscriptionsGoFromNoneToOneToTwoAndBackInOrder() {
        assertThat(session.subscriptions()).isEmpty();
        assertThat(session.subscription("a")).isNull();

        SessionSubscription a = sub("a", Qos.AT_LEAST_ONCE);
        session.subscribe(a);
        assertThat(filters(session)).containsExactly("a");
        assertThat(session.subscription("a")).isSameAs(a);
        assertThat(session.subscription("b")).isNull();

        SessionSubscription b = sub("b/+", Qos.AT_MOST_ONCE);
        session.subscribe(b);
        assertThat(filters(session)).containsExactly("a", "b/+");
        assertThat(session.subscriptionCount()).isEqualTo(2);
        assertThat(session.subscription("b/+")).isSameAs(b);

        assertThat(session.unsubscribe("a")).isSameAs(a);
        assertThat(filters(session)).containsExactly("b/+");
        assertThat(session.subscription("a")).isNull();
        assertThat(session.subscription("b/+")).isSameAs(b);

        assertThat(session.unsubscribe("nope")).isNull();
        assertThat(session.unsubscribe("b/+")).isSameAs(b);
        assertThat(session.subscriptions()).isEmpty();
        assertThat(session.subscriptionCount()).isZero();
        assertThat(session.unsubscribe("b/+")).isNull();
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] a subscription to the same filter replaces the old one in its place")
    void aSubscriptionToTheSameFilterReplacesTheOldOneInItsPlace() {
        session.subscribe(sub("a", Qos.AT_MOST_ONCE));
        SessionSubscription again = sub("a", Qos.EXACTLY_ONCE);
        session.subscribe(again);
        assertThat(session.subscriptions()).containsExactly(again);

        session.subscribe(sub("b", Qos.AT_MOST_ONCE));
        session.subscribe(sub("c", Qos.AT_MOST_ONCE));
        SessionSubscription b2 = sub("b", Qos.AT_LEAST_ONCE);
        session.subscribe(b2);
        assertThat(filters(session)).containsExactly("a", "b", "c");
        assertThat(session.subscription("b")).isSameAs(b2);
    }

    @Test
    void removingTheFirstOfThreeKeepsTheOthersInOrder() {
        session.subscribe(sub("a", Qos.AT_MOST_ONCE));
        session.subscribe(sub("b", Qos.AT_MOST_ONCE));
        session.subscribe(sub("c", Qos.AT_MOST_ONCE));
        session.unsubscribe("a");
        assertThat(filters(session)).containsExactly("b", "c");
        session.unsubscribe("c");
        assertThat(filters(session)).containsExactly("b");
        session.subscribe(sub("d", Qos.AT_MOST_ONCE));
        assertThat(filters(session)).containsExactly("b", "d");
    }

    @Test
    void clearingForgetsEverySubscription() {
        session.subscribe(sub("a", Qos.AT_MOST_ONCE));
        session.subscribe(sub("b", Qos.AT_MOST_ONCE));
        session.clearSubscriptions();
        assertThat(session.subscriptions()).isEmpty();
        session.subscribe(sub("c", Qos.AT_MOST_ONCE));
        assertThat(filters(session)).containsExactly("c");
    }

    @Test
    void theSubscriptionViewCannotBeChanged() {
        session.subscribe(sub("a", Qos.AT_MOST_ONCE));
        assertThatThrownBy(() -> session.subscriptions().clear()).isInstanceOf(UnsupportedOperationException.class);
        session.subscribe(sub("b", Qos.AT_MOST_ONCE));
        assertThatThrownBy(() -> session.subscriptions().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theExpiryIntervalKeepsEveryUnsigned32BitValue() {
        session.expiryIntervalSeconds(BrokerSettings.NEVER_EXPIRES);
        assertThat(session.expiryIntervalSeconds()).isEqualTo(BrokerSettings.NEVER_EXPIRES);
        assertThat(session.toRecord().expiryIntervalSeconds()).isEqualTo(BrokerSettings.NEVER_EXPIRES);
        session.expiryIntervalSeconds(0x8000_0000L);
        assertThat(session.expiryIntervalSeconds()).isEqualTo(0x8000_0000L);
        assertThat(session.toRecord().expiryIntervalSeconds()).isEqualTo(0x8000_0000L);
        session.expiryIntervalSeconds(0);
        assertThat(session.expiryIntervalSeconds()).isZero();
        assertThatThrownBy(() -> session.expiryIntervalSeconds(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.expiryIntervalSeconds(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
