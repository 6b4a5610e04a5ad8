package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RefCountsTest {
    private final RefCounts counts = new RefCounts();

    @Test
    void anIdIsPresentWithItsCountAndFlagUntilRemoved() {
        counts.insert(7, 3, false);
        counts.insert(8, 1, true);

        assertThat(counts.count(7)).isEqualTo(3);
        assertThat(counts.isStored(7)).isFalse();
        assertThat(counts.isStored(8)).isTrue();
        assertThat(counts.add(7, -2)).isTrue();
        counts.markStored(7);
        assertThat(counts.count(7)).isEqualTo(1);
        assertThat(counts.isStored(7)).isTrue();

        counts.remove(7);
        assertThat(counts.count(7)).isZero();
        assertThat(counts.isStored(7)).isFalse();
        assertThat(counts.add(7, 1)).isFalse();
        assertThat(counts.size()).isEqualTo(1);
    }

    @Test
    void aCountNeverReachesZeroOrOverflowsByAdding() {
        counts.insert(5, 2, false);

        assertThatThrownBy(() -> counts.add(5, -2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> counts.add(5, Integer.MAX_VALUE)).isInstanceOf(IllegalStateException.class);
        assertThat(counts.count(5)).isEqualTo(2);
    }

    @Test
    void rejectsIdZeroAndADoubleInsert() {
        assertThatThrownBy(() -> counts.insert(0, 1, false)).isInstanceOf(IllegalArgumentException.class);
        counts.insert(1, 1, false);
        assertThatThrownBy(() -> counts.insert(1, 1, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> counts.insert(2, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void agreesWithAMapThroughGrowthCollisionsRemovalsAndShrinking() {
        Map<Long, Integer> model = new HashMap<>();
        Random random = new Random(11);
        for (int step = 0; step < 400_000; step++) {
            // Phases: fill up to ~20,000 ids, then drain, twice; ids from a narrow range so that probes collide.
            boolean filling = (step / 100_000) % 2 == 0;
            long id = 1 + random.nextInt(30_000);
            Integer count = model.get(id);
            if (count == null) {
                if (filling || random.nextInt(4) == 0) {
                    int n = 1 + random.nextInt(3);
                    counts.insert(id, n, n == 2);
                    model.put(id, n);
                }
            } else if (!filling || random.nextInt(3) == 0) {
                counts.remove(id);
                model.remove(id);
            } else {
                assertThat(counts.add(id, 1)).isTrue();
                model.put(id, count + 1);
            }
            if (step % 50_000 == 0) {
                assertAgrees(model);
            }
        }
        assertAgrees(model);
        model.keySet().forEach(counts::remove);
        assertThat(counts.size()).isZero();
    }

    private void assertAgrees(Map<Long, Integer> model) {
        assertThat(counts.size()).isEqualTo(model.size());
        for (long id = 1; id <= 30_000; id++) {
            assertThat(counts.count(id)).as("count of %d", id).isEqualTo(model.getOrDefault(id, 0));
        }
    }
}
