package dev.roost.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandlerRegistryTest {
    final MessageHandler a = m -> { };
    final MessageHandler b = m -> { };

    @Test
    void everyHandlerWhoseFilterMatchesIsFoundInRegistrationOrder() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(Subscription.of("home/+/temp", Qos.AT_LEAST_ONCE), a);
        registry.register(Subscription.of("home/#", Qos.AT_MOST_ONCE), b);

        assertThat(registry.matching("home/kitchen/temp")).containsExactly(a, b);
        assertThat(registry.matching("home")).containsExactly(b);
        assertThat(registry.matching("office/temp")).isEmpty();
    }

    @Test
    void aSharedSubscriptionMatchesLikeItsFilter() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(Subscription.of("$share/workers/jobs/#", Qos.AT_LEAST_ONCE), a);

        assertThat(registry.matching("jobs/1")).containsExactly(a);
    }

    @Test
    void registeringAFilterAgainReplacesItsHandlerAndOptions() {
        HandlerRegistry registry = new HandlerRegistry();
        registry.register(Subscription.of("t", Qos.AT_MOST_ONCE), a);
        registry.register(Subscription.of("t", Qos.EXACTLY_ONCE), b);

        assertThat(registry.matching("t")).containsExactly(b);
        assertThat(registry.subscriptions()).containsExactly(Subscription.of("t", Qos.EXACTLY_ONCE));
        registry.remove("t");
        assertThat(registry.subscriptions()).isEmpty();
    }

    @Test
    void storedFiltersAreCheckedTheSameWay() {
        assertThat(HandlerRegistry.anyMatches(List.of("a/#", "b/+"), "b/x")).isTrue();
        assertThat(HandlerRegistry.anyMatches(List.of("a/#", "b/+"), "b/x/y")).isFalse();
    }
}
