package dev.roost.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketIdsTest {
    private final PacketIds ids = new PacketIds();

    @Test
    void handsOutIdsRoundRobinSkippingThoseInUse() {
        assertThat(ids.allocate()).isEqualTo(1);
        assertThat(ids.allocate()).isEqualTo(2);
        ids.release(1);
        assertThat(ids.allocate()).isEqualTo(3);
        assertThat(ids.inUse()).isEqualTo(2);
    }

    @Test
    void wrapsAroundAfter65535() {
        for (int i = 1; i <= 65_535; i++) {
            ids.allocate();
        }
        assertThatThrownBy(ids::allocate).isInstanceOf(IllegalStateException.class);
        ids.release(7);
        assertThat(ids.allocate()).isEqualTo(7);
    }

    @Test
    void releasingAnIdNotInUseIsRefused() {
        assertThat(ids.release(5)).isFalse();
        assertThat(ids.release(0)).isFalse();
        int id = ids.allocate();
        assertThat(ids.release(id)).isTrue();
        assertThat(ids.release(id)).isFalse();
    }
}
