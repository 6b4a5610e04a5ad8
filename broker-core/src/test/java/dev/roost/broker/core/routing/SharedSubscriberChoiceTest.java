package dev.roost.broker.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SharedSubscriberChoiceTest {
    private static final List<String> MEMBERS = List.of("a", "b", "c", "d");

    @Test
    void roundRobinTakesTurns() {
        SharedSubscriberChoice choice = SharedSubscriberChoice.roundRobin(member -> true);

        assertThat(IntStream.range(0, 8).map(turn -> choice.choose(MEMBERS, turn)))
                .containsExactly(0, 1, 2, 3, 0, 1, 2, 3);
    }

    @Test
    void roundRobinPassesOverOfflineMembers() {
        SharedSubscriberChoice choice = SharedSubscriberChoice.roundRobin(Set.of("b", "d")::contains);

        assertThat(IntStream.range(0, 4).map(turn -> choice.choose(MEMBERS, turn))).containsExactly(1, 1, 3, 3);
    }

    @Test
    void roundRobinFallsBackToTheMemberWhoseTurnItIsWhenNoneIsOnline() {
        SharedSubscriberChoice choice = SharedSubscriberChoice.roundRobin(member -> false);

        assertThat(IntStream.range(0, 5).map(turn -> choice.choose(MEMBERS, turn))).containsExactly(0, 1, 2, 3, 0);
    }

    @Test
    void roundRobinSurvivesTurnCounterOverflow() {
        SharedSubscriberChoice choice = SharedSubscriberChoice.roundRobin(member -> true);

        assertThat(choice.choose(MEMBERS, Integer.MIN_VALUE)).isBetween(0, 3);
        assertThat(choice.choose(MEMBERS, -1)).isEqualTo(3);
    }

    @Test
    void leastLoadedPicksTheOnlineMemberWithFewestInFlight() {
        Map<String, Integer> inFlight = Map.of("a", 5, "b", 0, "c", 2, "d", 1);
        SharedSubscriberChoice choice =
                SharedSubscriberChoice.leastLoaded(member -> !member.equals("b"), inFlight::get);

        assertThat(IntStream.range(0, 4).map(turn -> choice.choose(MEMBERS, turn))).containsOnly(3);
    }

    @Test
    void leastLoadedBreaksTiesRoundRobin() {
        Map<String, Integer> inFlight = Map.of("a", 1, "b", 0, "c", 1, "d", 0);
        SharedSubscriberChoice choice = SharedSubscriberChoice.leastLoaded(member -> true, inFlight::get);

        assertThat(IntStream.range(0, 4).map(turn -> choice.choose(MEMBERS, turn))).containsExactly(1, 1, 3, 3);
    }

    @Test
    void leastLoadedFallsBackToTheMemberWhoseTurnItIsWhenNoneIsOnline() {
        SharedSubscriberChoice choice = SharedSubscriberChoice.leastLoaded(member -> false, member -> 0);

        assertThat(IntStream.range(0, 4).map(turn -> choice.choose(MEMBERS, turn))).containsExactly(0, 1, 2, 3);
    }
}
