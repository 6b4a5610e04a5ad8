package dev.roost.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StampTest {
    @Test
    void aPayloadCarriesStreamSequenceAndSendTimeAndIsPaddedToTheSize() {
        byte[] payload = Stamp.payload(100, 7, 1L << 40, -5L);

        assertThat(payload).hasSize(100);
        assertThat(Stamp.isStamped(payload)).isTrue();
        assertThat(Stamp.stream(payload)).isEqualTo(7);
        assertThat(Stamp.sequence(payload)).isEqualTo(1L << 40);
        assertThat(Stamp.sentNanos(payload)).isEqualTo(-5L);
    }

    @Test
    void aPayloadIsNeverSmallerThanTheStamp() {
        assertThat(Stamp.payload(1, 0, 0, 0)).hasSize(Stamp.SIZE);
    }

    @Test
    void someoneElsesPayloadIsNotStamped() {
        assertThat(Stamp.isStamped("hello".getBytes())).isFalse();
        assertThat(Stamp.isStamped(new byte[Stamp.SIZE])).isFalse();
    }
}
