package dev.roost.broker.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Subscription;
import dev.roost.protocol.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SubscriptionTreeTest {
    private final SubscriptionTree tree = new SubscriptionTree(SharedSubscriberChoice.roundRobin(clientId -> true));

    @Test
    @DisplayName("[MQTT-3.8.4-3] subscribe reports a filter as new only the first time")
    void subscribeReportsWhetherFilterIsNewForTheClient() {
        assertThat(tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0)).isTrue();
        assertThat(tree.subscribe("c1", Subscription.of("a/b", Qos.AT_LEAST_ONCE), 0)).isFalse();
        assertThat(tree.subscribe("c2", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0)).isTrue();
        assertThat(tree.subscribe("c1", Subscription.of("a/+", Qos.AT_MOST_ONCE), 0)).isTrue();
    }

    @Test
    @DisplayName("[MQTT-3.8.4-3] an identical filter replaces the previous subscription and its options")
    void identicalFilterReplacesPreviousSubscription() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 7);
        tree.subscribe("c1", new Subscription("a/b", Qos.EXACTLY_ONCE, false, true, 0), 9);

        assertThat(tree.match("a/b", "p")).containsExactly(new Delivery("c1", Qos.EXACTLY_ONCE, true, List.of(9)));
        assertThat(tree.subscriptionsOf("c1")).containsExactly(
                new ClientSubscription("c1", new Subscription("a/b", Qos.EXACTLY_ONCE, false, true, 0), 9));
    }

    @Test
    void unsubscribeReportsWhetherTheSubscriptionExisted() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);

        assertThat(tree.unsubscribe("c1", "a/+")).isFalse();
        assertThat(tree.unsubscribe("c2", "a/b")).isFalse();
        assertThat(tree.unsubscribe("c1", "a/b")).isTrue();
        assertThat(tree.unsubscribe("c1", "a/b")).isFalse();
        assertThat(tree.match("a/b", "p")).isEmpty();
        assertThat(tree.subscriptionsOf("c1")).isEmpty();
    }

    @Test
    void unsubscribeLeavesOtherSubscriptionsOfTheSameNodeAndClient() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c1", Subscription.of("a/b/c", Qos.AT_MOST_ONCE), 0);

        tree.unsubscribe("c1", "a/b");

        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactly("c2");
        assertThat(clientsOf(tree.match("a/b/c", "p"))).containsExactly("c1");
    }

    @Test
    void removeAllDropsEveryFilterOfTheClientOnly() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c1", Subscription.of("#", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c1", Subscription.of("$share/g/a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of("a/+", Qos.AT_MOST_ONCE), 0);

        tree.removeAll("c1");

        assertThat(tree.subscriptionsOf("c1")).isEmpty();
        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactly("c2");
        assertThat(tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0)).isTrue();
    }

    @Test
    void subscriptionsOfListsEveryFilterWithItsIdentifier() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_LEAST_ONCE), 3);
        tree.subscribe("c1", Subscription.of("$share/g/x", Qos.AT_MOST_ONCE), 0);

        assertThat(tree.subscriptionsOf("c1")).containsExactlyInAnyOrder(
                new ClientSubscription("c1", Subscription.of("a/b", Qos.AT_LEAST_ONCE), 3),
                new ClientSubscription("c1", Subscription.of("$share/g/x", Qos.AT_MOST_ONCE), 0));
        assertThat(tree.subscriptionsOf("nobody")).isEmpty();
    }

    @Test
    void aClientGoingFromOneFilterToSeveralAndBackKeepsEachOne() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 1);
        assertThat(tree.subscribe("c1", Subscription.of("x/y", Qos.AT_MOST_ONCE), 2)).isTrue();
        assertThat(tree.unsubscribe("c1", "a/b")).isTrue();

        assertThat(tree.subscriptionsOf("c1")).containsExactly(
                new ClientSubscription("c1", Subscription.of("x/y", Qos.AT_MOST_ONCE), 2));
        assertThat(tree.subscribe("c1", Subscription.of("x/y", Qos.EXACTLY_ONCE), 3)).isFalse();
        assertThat(tree.match("x/y", "p")).containsExactly(new Delivery("c1", Qos.EXACTLY_ONCE, false, List.of(3)));
        assertThat(tree.unsubscribe("c1", "a/b")).isFalse();
        assertThat(tree.unsubscribe("c1", "x/y")).isTrue();
        assertThat(tree.subscriptionsOf("c1")).isEmpty();
        assertThat(tree.match("x/y", "p")).isEmpty();
    }

    @Test
    void aFilterKeepsItsSubscribersWhileItsNodeChangesForm() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of("$share/g/a/b", Qos.AT_MOST_ONCE), 0);
        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactly("c1", "c2");

        tree.unsubscribe("c1", "a/b");
        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactly("c2");

        tree.subscribe("c3", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c4", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.unsubscribe("c2", "$share/g/a/b");
        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactlyInAnyOrder("c3", "c4");

        tree.unsubscribe("c3", "a/b");
        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactly("c4");
        tree.subscribe("c4", Subscription.of("a/b", Qos.AT_LEAST_ONCE), 0);
        assertThat(tree.match("a/b", "p")).containsExactly(new Delivery("c4", Qos.AT_LEAST_ONCE, false, List.of()));
        tree.unsubscribe("c4", "a/b");
        assertThat(tree.match("a/b", "p")).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-3.3.4-2] overlapping subscriptions of one client give one delivery at the highest QoS")
    void overlappingSubscriptionsCollapseAtHighestQos() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c1", Subscription.of("a/+", Qos.EXACTLY_ONCE), 0);
        tree.subscribe("c1", Subscription.of("#", Qos.AT_LEAST_ONCE), 0);

        assertThat(tree.match("a/b", "p")).containsExactly(new Delivery("c1", Qos.EXACTLY_ONCE, false, List.of()));
    }

    @Test
    @DisplayName("[MQTT-3.3.4-3] [MQTT-3.3.4-4] a collapsed delivery carries every non-zero subscription identifier")
    void collapsedDeliveryCarriesAllSubscriptionIdentifiers() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_MOST_ONCE), 1);
        tree.subscribe("c1", Subscription.of("a/+", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c1", Subscription.of("a/#", Qos.AT_MOST_ONCE), 268_435_455);

        List<Delivery> deliveries = tree.match("a/b", "p");

        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.get(0).subscriptionIdentifiers()).containsExactlyInAnyOrder(1, 268_435_455);
    }

    @Test
    @DisplayName("[MQTT-3.3.4-5] each shared delivery carries the identifier of its own subscription only")
    void sharedDeliveryCarriesItsOwnIdentifier() {
        tree.subscribe("c1", Subscription.of("a/b", Qos.AT_LEAST_ONCE), 1);
        tree.subscribe("c1", Subscription.of("$share/g/a/b", Qos.AT_MOST_ONCE), 2);

        assertThat(tree.match("a/b", "p")).containsExactly(
                new Delivery("c1", Qos.AT_LEAST_ONCE, false, List.of(1)),
                new Delivery("c1", Qos.AT_MOST_ONCE, false, List.of(2)));
    }

    @Test
    @DisplayName("[MQTT-3.3.1-13] Retain As Published holds if any collapsed subscription asked for it")
    void retainAsPublishedIfAnyCollapsedSubscriptionAsks() {
        tree.subscribe("c1", new Subscription("a/b", Qos.AT_MOST_ONCE, false, false, 0), 0);
        tree.subscribe("c1", new Subscription("a/#", Qos.AT_MOST_ONCE, false, true, 0), 0);
        tree.subscribe("c2", new Subscription("a/b", Qos.AT_MOST_ONCE, false, false, 0), 0);

        Map<String, Delivery> byClient = byClient(tree.match("a/b", "p"));

        assertThat(byClient.get("c1").retainAsPublished()).isTrue();
        assertThat(byClient.get("c2").retainAsPublished()).isFalse();
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] No Local keeps a client's own messages from its subscription")
    void noLocalSkipsThePublishersOwnSubscription() {
        tree.subscribe("c1", new Subscription("a/b", Qos.AT_LEAST_ONCE, true, false, 0), 0);
        tree.subscribe("c2", new Subscription("a/b", Qos.AT_LEAST_ONCE, true, false, 0), 0);

        assertThat(clientsOf(tree.match("a/b", "c1"))).containsExactly("c2");
        assertThat(clientsOf(tree.match("a/b", null))).containsExactlyInAnyOrder("c1", "c2");
    }

    @Test
    @DisplayName("[MQTT-3.8.3-3] an overlapping subscription without No Local still delivers to the publisher")
    void overlappingSubscriptionWithoutNoLocalStillDelivers() {
        tree.subscribe("c1", new Subscription("a/b", Qos.EXACTLY_ONCE, true, false, 0), 5);
        tree.subscribe("c1", new Subscription("a/+", Qos.AT_MOST_ONCE, false, false, 0), 6);

        assertThat(tree.match("a/b", "c1")).containsExactly(new Delivery("c1", Qos.AT_MOST_ONCE, false, List.of(6)));
    }

    @Test
    @DisplayName("[MQTT-3.8.3-4] No Local on a shared subscription is a protocol error")
    void rejectsNoLocalOnSharedSubscription() {
        ProtocolViolation violation = catchThrowableOfType(ProtocolViolation.class, () -> tree.subscribe("c1",
                new Subscription("$share/g/a", Qos.AT_MOST_ONCE, true, false, 0), 0));

        assertThat(violation.reasonCode()).isEqualTo(ReasonCode.PROTOCOL_ERROR);
        assertThat(violation.clause()).isEqualTo("MQTT-3.8.3-4");
        assertThat(tree.subscriptionsOf("c1")).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-4.7.1-2] an invalid filter is rejected and not stored")
    void rejectsInvalidFilter() {
        ProtocolViolation violation = catchThrowableOfType(ProtocolViolation.class,
                () -> tree.subscribe("c1", Subscription.of("a/#/b", Qos.AT_MOST_ONCE), 0));

        assertThat(violation.reasonCode()).isEqualTo(ReasonCode.TOPIC_FILTER_INVALID);
        assertThat(tree.subscriptionsOf("c1")).isEmpty();
    }

    @Test
    @DisplayName("[MQTT-4.7.2-1] filters starting with a wildcard do not match topics starting with $")
    void leadingWildcardsDoNotMatchDollarTopics() {
        tree.subscribe("all", Subscription.of("#", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("plus", Subscription.of("+/monitor/Clients", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("shared", Subscription.of("$share/g/#", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("sys", Subscription.of("$SYS/#", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("sysPlus", Subscription.of("$SYS/+/Clients", Qos.AT_MOST_ONCE), 0);

        assertThat(clientsOf(tree.match("$SYS/monitor/Clients", null))).containsExactlyInAnyOrder("sys", "sysPlus");
        assertThat(clientsOf(tree.match("SYS/monitor/Clients", null))).containsExactlyInAnyOrder("all", "plus",
                "shared");
    }

    @Test
    @DisplayName("[MQTT-4.7.1-2] the tree matches exactly as Topics.matches for every filter and topic of a table")
    void agreesWithTopicsMatchesOnEveryPair() {
        List<String> filters = List.of("#", "+", "/+", "+/+", "/#", "sport/#", "sport/+", "sport/tennis/player1/#",
                "sport/tennis/+", "+/tennis/#", "sport/+/player1", "sport//player1", "a/+/#", "$SYS/#", "$SYS/+",
                "sport", "sport/", "/", "+/+/+", "+/#", "//", "$SYS");
        List<String> topics = List.of("sport", "sport/", "sport/tennis", "sport/tennis/player1",
                "sport/tennis/player1/ranking", "sport/tennis/player1/score/wimbledon", "sport//player1", "/finance",
                "/", "//", "a", "a/b", "a/b/c", "$SYS", "$SYS/monitor/Clients", "sports", "a/$b");
        for (int i = 0; i < filters.size(); i++) {
            tree.subscribe("c" + i, Subscription.of(filters.get(i), Qos.AT_MOST_ONCE), 0);
        }
        for (String topic : topics) {
            List<String> expected = filters.stream().filter(f -> Topics.matches(f, topic))
                    .map(f -> "c" + filters.indexOf(f)).toList();
            assertThat(clientsOf(tree.match(topic, null))).as("clients matching %s", topic)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void sharedGroupDeliversEachMessageToExactlyOneMemberInTurn() {
        tree.subscribe("c1", Subscription.of("$share/g/a/+", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of("$share/g/a/+", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c3", Subscription.of("$share/g/a/+", Qos.AT_MOST_ONCE), 0);

        List<String> receivers = java.util.stream.IntStream.range(0, 6)
                .mapToObj(i -> tree.match("a/b", "p"))
                .peek(deliveries -> assertThat(deliveries).hasSize(1))
                .map(deliveries -> deliveries.get(0).clientId())
                .toList();

        assertThat(receivers).containsExactly("c1", "c2", "c3", "c1", "c2", "c3");
    }

    @Test
    void everySharedGroupAndFilterIsServedIndependently() {
        tree.subscribe("c1", Subscription.of("$share/g1/a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of("$share/g2/a/b", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c3", Subscription.of("$share/g1/a/#", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c4", Subscription.of("a/b", Qos.AT_MOST_ONCE), 0);

        assertThat(clientsOf(tree.match("a/b", "p"))).containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
    }

    @Test
    void unsubscribingSharedFilterLeavesPlainFilterAndOtherMembers() {
        tree.subscribe("c1", Subscription.of("$share/g/a", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c1", Subscription.of("a", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of("$share/g/a", Qos.AT_MOST_ONCE), 0);

        assertThat(tree.unsubscribe("c1", "$share/g/a")).isTrue();

        assertThat(clientsOf(tree.match("a", "p"))).containsExactly("c1", "c2");
        assertThat(clientsOf(tree.match("a", "p"))).containsExactly("c1", "c2");
    }

    @Test
    void sharedChoiceOnlyPicksOnlineMembers() {
        SubscriptionTree onlineAware = new SubscriptionTree(SharedSubscriberChoice.roundRobin("c2"::equals));
        onlineAware.subscribe("c1", Subscription.of("$share/g/a", Qos.AT_MOST_ONCE), 0);
        onlineAware.subscribe("c2", Subscription.of("$share/g/a", Qos.AT_MOST_ONCE), 0);
        onlineAware.subscribe("c3", Subscription.of("$share/g/a", Qos.AT_MOST_ONCE), 0);

        for (int i = 0; i < 4; i++) {
            assertThat(clientsOf(onlineAware.match("a", "p"))).containsExactly("c2");
        }
    }

    @Test
    void matchFollowsFilterDeeperThanTheStackCouldRecurse() {
        String deep = "/".repeat(30_000);
        tree.subscribe("c1", Subscription.of(deep + "#", Qos.AT_MOST_ONCE), 0);
        tree.subscribe("c2", Subscription.of(deep.replace("/", "+/") + "x", Qos.AT_MOST_ONCE), 0);

        assertThat(clientsOf(tree.match(deep + "x", "p"))).containsExactlyInAnyOrder("c1", "c2");
        assertThat(tree.unsubscribe("c1", deep + "#")).isTrue();
        assertThat(clientsOf(tree.match(deep + "x", "p"))).containsExactly("c2");
    }

    @Test
    void matchesAmongOneHundredThousandSubscriptions() {
        int devices = 100_000;
        for (int i = 0; i < devices; i++) {
            tree.subscribe("device-" + i, Subscription.of("devices/" + i + "/commands", Qos.AT_LEAST_ONCE), 0);
        }
        for (int i = 0; i < 10; i++) {
            tree.subscribe("monitor-" + i, Subscription.of("devices/+/commands", Qos.AT_MOST_ONCE), i + 1);
        }
        tree.subscribe("audit", Subscription.of("devices/#", Qos.EXACTLY_ONCE), 0);

        List<Delivery> deliveries = tree.match("devices/4242/commands", "p");

        assertThat(clientsOf(deliveries)).hasSize(12).contains("device-4242", "monitor-0", "monitor-9", "audit");
        assertThat(byClient(deliveries).get("device-4242").qos()).isEqualTo(Qos.AT_LEAST_ONCE);
        assertThat(clientsOf(tree.match("devices/100000/commands", "p"))).hasSize(11).doesNotContain("device-100000");
        assertThat(clientsOf(tree.match("devices", "p"))).containsExactly("audit");
    }

    private static List<String> clientsOf(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::clientId).toList();
    }

    private static Map<String, Delivery> byClient(List<Delivery> deliveries) {
        return deliveries.stream().collect(Collectors.toMap(Delivery::clientId, Function.identity()));
    }
}
