package dev.roost.broker.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketIdAllocatorTest {

    @Test
    @DisplayName("[MQTT-2.2.1-3] An id is never handed out twice while in use, across the whole 1..65535 range")
    void neverReusesAnIdInUse() {
        PacketIdAllocator ids = new PacketIdAllocator();
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 65535; i++) {
            int id = ids.allocate();
            assertThat(id).isBetween(1, 65535);
            assertThat(seen.add(id)).isTrue();
        }
        assertThatThrownBy(ids::allocate).isInstanceOf(IllegalStateException.class);
        ids.release(40_000);
        assertThat(ids.allocate()).isEqualTo(40_000);
    }

    @Test
    @DisplayName("Ids cycle: a released id is reused last, and a reserved (restored) id is skipped")
    void cyclesAndSkipsReserved() {
        PacketIdAllocator ids = new PacketIdAllocator();
        ids.reserve(2);
        assertThat(ids.allocate()).isEqualTo(1);
        assertThat(ids.allocate()).isEqualTo(3);
        ids.release(1);
        assertThat(ids.allocate()).isEqualTo(4);
        assertThat(ids.inUseCount()).isEqualTo(3); // 2, 3 and 4
    }

    @Test
    @DisplayName("Releasing an id that is not in use is a bug and fails loudly")
    void doubleReleaseFails() {
        PacketIdAllocator ids = new PacketIdAllocator();
        int id = ids.allocate();
        ids.release(id);
        assertThatThrownBy(() -> ids.release(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ids.reserve(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("Releasing every id at once frees them all, and the allocator works on afterwards")
    void releaseAllFreesEveryId() {
        PacketIdAllocator ids = new PacketIdAllocator();
        ids.allocate();
        ids.reserve(500);
        ids.releaseAll();
        assertThat(ids.inUseCount()).isZero();
        assertThat(ids.isInUse(500)).isFalse();
        ids.reserve(500);
        assertThatThrownBy(() -> ids.release(1)).isInstanceOf(IllegalStateException.class);
    }
}
