package dev.roost.broker.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packed ring: order, sizes and markers through growth, shrinking, wrap-around and the wide fallback. */
class SpilledTailTest {

    private static OutboundEntry entry(long sequence, int size) {
        ApplicationMessage m = new ApplicationMessage("t", new byte[size], Qos.AT_MOST_ONCE, false,
                MessageProperties.NONE, "p", null);
        return OutboundEntry.queued(sequence, m, Qos.AT_MOST_ONCE, false, List.of());
    }

    private static List<Long> sequences(SpilledTail tail) {
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < tail.size(); i++) {
            s.add(tail.sequence(i));
        }
        return s;
    }

    private static List<Integer> sizes(SpilledTail tail) {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < tail.size(); i++) {
            s.add(tail.size(i));
        }
        return s;
    }

    @Test
    void growsByHalfFromTwoAndKeepsArrivalOrder() {
        SpilledTail tail = new SpilledTail();
        assertThat(tail.capacity()).isZero();
        List<Integer> capacities = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            tail.addLast(100 - i, i);
            if (!capacities.contains(tail.capacity())) {
                capacities.add(tail.capacity());
            }
        }
        assertThat(capacities).containsExactly(2, 3, 4, 6, 9, 13);
        assertThat(sequences(tail)).containsExactly(99L, 98L, 97L, 96L, 95L, 94L, 93L, 92L, 91L, 90L);
        assertThat(sizes(tail)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void reserveSizesTheRingExactly() {
        SpilledTail tail = new SpilledTail();
        tail.addLast(5, 50);
        tail.reserve(9);
        assertThat(tail.capacity()).isEqualTo(10);
        for (int i = 6; i <= 14; i++) {
            tail.addLast(i, i * 10);
        }
        assertThat(tail.capacity()).isEqualTo(10);
        assertThat(tail.sequence(9)).isEqualTo(14);
        assertThat(tail.size(9)).isEqualTo(140);
    }

    @Test
    void wrapsAroundWhenEntriesGoToTheFront() {
        SpilledTail tail = new SpilledTail();
        tail.reserve(4);
        tail.addLast(10, 1);
        tail.addLast(11, 2);
        tail.addFirst(entry(9, 3), true);
        tail.addFirst(entry(8, 4), true);
        assertThat(tail.capacity()).isEqualTo(4);
        assertThat(sequences(tail)).containsExactly(8L, 9L, 10L, 11L);
        assertThat(sizes(tail)).containsExactly(4, 3, 1, 2);
        tail.addFirst(entry(7, 5), true);
        assertThat(sequences(tail)).containsExactly(7L, 8L, 9L, 10L, 11L);
        assertThat(sizes(tail)).containsExactly(5, 4, 3, 1, 2);
    }

    @Test
    void halvesWhenAQuarterFullAndDropsTheRingWhenEmpty() {
        SpilledTail tail = new SpilledTail();
        tail.reserve(64);
        for (int i = 1; i <= 64; i++) {
            tail.addLast(i, i);
        }
        while (tail.size() > 16) {
            tail.removeFirst();
        }
        assertThat(tail.capacity()).isEqualTo(32);
        while (tail.size() > 8) {
            tail.removeFirst();
        }
        assertThat(tail.capacity()).isEqualTo(16);
        assertThat(sequences(tail)).containsExactly(57L, 58L, 59L, 60L, 61L, 62L, 63L, 64L);
        assertThat(sizes(tail)).containsExactly(57, 58, 59, 60, 61, 62, 63, 64);
        while (!tail.isEmpty()) {
            tail.removeFirst();
        }
        assertThat(tail.capacity()).isZero();
        assertThatThrownBy(tail::removeFirst).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sequencesFarFromTheFirstTurnTheRingWideWithoutLosingAnything() {
        SpilledTail tail = new SpilledTail();
        long far = 5 + (1L << 31);
        tail.addLast(5, 10);
        tail.addLast(entry(6, 20), false);
        tail.addLast(4, Integer.MAX_VALUE);
        tail.addLast(far, 30);
        tail.addFirst(entry(Long.MAX_VALUE, 40), true);
        assertThat(sequences(tail)).containsExactly(Long.MAX_VALUE, 5L, SpilledTail.MARKER, 4L, far);
        assertThat(sizes(tail)).containsExactly(40, 10, 20, Integer.MAX_VALUE, 30);
        assertThat(tail.removeFirst()).isNull();
        assertThat(tail.removeFirst()).isNull();
        assertThat(tail.removeFirst().sequence()).isEqualTo(6);
    }

    @Test
    void theWidestPackedDistancesStayPacked() {
        SpilledTail tail = new SpilledTail();
        long base = 1L << 40;
        tail.addLast(base, 1);
        tail.addLast(base + Integer.MAX_VALUE, 2);
        tail.addLast(base + Integer.MIN_VALUE + 1, 3);
        assertThat(tail.capacity()).as("packed: one slot an entry").isEqualTo(3);
        assertThat(sequences(tail)).containsExactly(base, base + Integer.MAX_VALUE, base + Integer.MIN_VALUE + 1);
        assertThat(sizes(tail)).containsExactly(1, 2, 3);
    }

    @Test
    void aRingOfMarkersOnlyTakesItsBaseFromTheFirstStoredEntry() {
        SpilledTail tail = new SpilledTail();
        tail.addLast(entry(1, 1), false);
        tail.addLast(entry(2, 2), false);
        tail.addLast(1L << 50, 3);
        tail.addLast((1L << 50) + 1, 4);
        assertThat(sequences(tail)).containsExactly(SpilledTail.MARKER, SpilledTail.MARKER, 1L << 50, (1L << 50) + 1);
        assertThat(tail.heldCount()).isEqualTo(2);
        assertThat(tail.removeFirst().sequence()).isEqualTo(1);
        assertThat(tail.removeFirst().sequence()).isEqualTo(2);
        assertThat(tail.heldCount()).isZero();
    }

    @Test
    void anEmptiedWideRingStartsPackedAgain() {
        SpilledTail tail = new SpilledTail();
        tail.addLast(1, 1);
        tail.addLast(1L << 40, 2);
        tail.removeFirst();
        tail.removeFirst();
        tail.addLast(1L << 40, 3);
        tail.addLast((1L << 40) + 1, 4);
        assertThat(tail.capacity()).isEqualTo(2);
        assertThat(sizes(tail)).containsExactly(3, 4);
    }
}
