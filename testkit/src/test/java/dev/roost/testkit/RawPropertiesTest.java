package dev.roost.testkit;

import static dev.roost.testkit.PacketBytes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RawPropertiesTest {

    @Test
    void keepsDuplicatesInWireOrder() {
        RawProperties properties = RawProperties.parse(raw(0x06, 0x21, 0x00, 0x01, 0x21, 0x00, 0x02));
        assertThat(properties.count(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(2);
        assertThat(properties.values(PropertyId.RECEIVE_MAXIMUM)).containsExactly(1, 2);
        assertThat(properties.integer(PropertyId.RECEIVE_MAXIMUM)).isEqualTo(1);
        assertThat(properties.ids()).containsExactly(PropertyId.RECEIVE_MAXIMUM);
    }

    @Test
    void returnsNullForAbsentAndRefusesWrongTypes() {
        RawProperties properties = RawProperties.parse(raw(0x00));
        assertThat(properties.isEmpty()).isTrue();
        assertThat(properties.string(PropertyId.REASON_STRING)).isNull();
        assertThat(properties.integer(PropertyId.RECEIVE_MAXIMUM)).isNull();
        assertThatThrownBy(() -> properties.string(PropertyId.RECEIVE_MAXIMUM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Receive Maximum (0x21)");
    }

    @Test
    void refusesFourByteValuesBeyondIntAsInteger() {
        RawProperties properties = RawProperties.parse(raw(0x05, 0x02, 0xFF, 0xFF, 0xFF, 0xFF));
        assertThat(properties.longValue(PropertyId.MESSAGE_EXPIRY_INTERVAL)).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> properties.integer(PropertyId.MESSAGE_EXPIRY_INTERVAL))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rendersReadably() {
        RawProperties properties = RawProperties.parse(raw(0x09, 0x26, 0x00, 0x01, 'k', 0x00, 0x01, 'v', 0x24, 0x01));
        assertThat(properties.toString()).isEqualTo("{User Property (0x26)=k:v, Maximum QoS (0x24)=1}");
    }
}
