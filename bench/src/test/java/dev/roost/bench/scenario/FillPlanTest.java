package dev.roost.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FillPlanTest {
    private final FillPlan plan = new FillPlan("rec", 250, 10, 100);

    @Test
    void groupsSessionsUnderOneTopicPerGroupWithASmallerLastGroup() {
        assertThat(plan.groups()).isEqualTo(3);
        assertThat(plan.groupOf(0)).isZero();
        assertThat(plan.groupOf(99)).isZero();
        assertThat(plan.groupOf(100)).isEqualTo(1);
        assertThat(plan.groupOf(249)).isEqualTo(2);
        assertThat(plan.sessionsIn(0)).isEqualTo(100);
        assertThat(plan.sessionsIn(2)).isEqualTo(50);
        assertThat(plan.topic(2)).isEqualTo("rec/g/2");
        assertThat(plan.clientId(7)).isEqualTo("rec-7");
        assertThat(plan.entries()).isEqualTo(2_500);
    }

    @Test
    void splitsTheGroupsAmongPublishersIntoContiguousRangesThatCoverEveryGroupOnce() {
        FillPlan many = new FillPlan("rec", 100_000, 10, 100);
        int publishers = 7;
        int covered = 0;
        for (int p = 0; p < publishers; p++) {
            int size = many.firstGroup(p + 1, publishers) - many.firstGroup(p, publishers);
            assertThat(size).isBetween(142, 143);
            covered += size;
        }
        assertThat(many.firstGroup(0, publishers)).isZero();
        assertThat(many.firstGroup(publishers, publishers)).isEqualTo(many.groups());
        assertThat(covered).isEqualTo(1_000);
    }

    @Test
    void samplesDistinctSessionsInOrderAndTheSameOnesForTheSameSeed() {
        int[] sample = plan.sample(40, 42);

        assertThat(sample).hasSize(40).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.stream(sample).allMatch(i -> i >= 0 && i < 250)).isTrue();
        assertThat(plan.sample(40, 42)).isEqualTo(sample);
        assertThat(plan.sample(40, 43)).isNotEqualTo(sample);
    }

    @Test
    void aSampleAsLargeAsThePlanTakesEverySession() {
        assertThat(plan.sample(1_000, 1)).hasSize(250).startsWith(0, 1, 2).endsWith(249);
    }

    @Test
    void refusesAPrefixThatWouldBreakTheTopicsAndEmptySizes() {
        assertThatThrownBy(() -> new FillPlan("a/b", 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FillPlan("+", 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FillPlan("rec", 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FillPlan("rec", 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
