package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys sort so that prefix scans return one session's items, its log in sequence order. */
class KeysTest {

    @Test
    void aSessionKeyIsTheLengthThenTheUtf8ClientId() {
        assertThat(Keys.session("ab")).containsExactly(0x00, 0x02, 'a', 'b');
        assertThat(Keys.logEntry("ab", 258)).containsExactly(0x00, 0x02, 'a', 'b', 0, 0, 0, 0, 0, 0, 0x01, 0x02);
        assertThat(Keys.inboundQos2("ab", 65535)).containsExactly(0x00, 0x02, 'a', 'b', 0xFF, 0xFF);
    }

    @Test
    void logKeysSortBySequenceAsUnsignedBytes() {
        List<byte[]> keys = new ArrayList<>();
        for (long seq : new long[] {1L << 40, 256, 1, 255, 2}) {
            keys.add(Keys.logEntry("c", seq));
        }
        keys.sort(Arrays::compareUnsigned);
        assertThat(keys).extracting(Keys::sequence).containsExactly(1L, 2L, 255L, 256L, 1L << 40);
    }

    @Test
    void aSessionsPrefixScanLeavesOutALongerClientId() {
        byte[] prefix = Keys.session("ab");
        byte[] end = Keys.upperBound(prefix);
        for (byte[] other : List.of(Keys.logEntry("abc", 0), Keys.subscription("abc", ""), Keys.session("a"),
                Keys.inboundQos2("b", 1))) {
            boolean inScan = Arrays.compareUnsigned(other, prefix) >= 0 && Arrays.compareUnsigned(other, end) < 0;
            assertThat(inScan).as("%s in the scan of 'ab'", Arrays.toString(other)).isFalse();
        }
        assertThat(Arrays.compareUnsigned(Keys.logEntry("ab", 0), prefix)).isPositive();
    }

    @Test
    void theUpperBoundOfAPrefixIsAboveEveryKeyWithIt() {
        byte[] prefix = Keys.session("ab");
        byte[] end = Keys.upperBound(prefix);
        assertThat(Arrays.compareUnsigned(Keys.logEntry("ab", -1L), end)).isNegative();
        assertThat(Arrays.compareUnsigned(Keys.session("ac"), end)).isNotNegative();
        assertThat(Keys.upperBound(new byte[] {1, (byte) 0xFF})).containsExactly(2);
        assertThat(Keys.upperBound(new byte[] {(byte) 0xFF})).isNull();
    }

    @Test
    void keysDecodeBackToTheirParts() {
        assertThat(Keys.text(Keys.session("клиент"))).isEqualTo("клиент");
        assertThat(Keys.filter(Keys.subscription("c", "a/+/#"))).isEqualTo("a/+/#");
        assertThat(Keys.packetId(Keys.inboundQos2("c", 4242))).isEqualTo(4242);
        assertThat(Keys.messageId(Keys.message(99))).isEqualTo(99);
    }
}
