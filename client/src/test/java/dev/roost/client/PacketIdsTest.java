package dev.roost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PacketIdsTest {
    @Test
    void idsContinueAfterTheLastOneUsedInAnEarlierRun() {
        PacketIds ids = new PacketIds(41);

        assertThat(ids.allocate()).isEqualTo(42);
        assertThat(ids.allocate()).isEqualTo(43);
    }

    @Test
    @DisplayName("[MQTT-2.2.1-3] an id in use is not handed out again; ids wrap from 65535 to 1")
    void anIdInUseIsSkippedAndIdsWrapAround() {
        PacketIds ids = new PacketIds(65534);
        ids.reserve(1);

        assertThat(ids.allocate()).isEqualTo(65535);
        assertThat(ids.allocate()).isEqualTo(2);
    }

    @Test
    void whenAllIdsAreInUseNoneIsHandedOut() {
        PacketIds ids = new PacketIds(0);
        for (int i = 1; i <= 65535; i++) {
            assertThat(ids.allocate()).isEqualTo(i);
        }

        assertThat(ids.allocate()).isZero();
        ids.release(500);
        assertThat(ids.allocate()).isEqualTo(500);
    }

    @Test
    void releasingAnIdTwiceFailsLoudly() {
        PacketIds ids = new PacketIds(0);
        int id = ids.allocate();
        ids.release(id);

        assertThatThrownBy(() -> ids.release(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ids.reserve(0)).isInstanceOf(IllegalStateException.class);
    }
}
