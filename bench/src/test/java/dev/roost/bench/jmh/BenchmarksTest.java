package dev.roost.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.packet.Publish;
import org.junit.jupiter.api.Test;

/** The JMH benchmarks' set-up and bodies run once outside JMH, so that a broken benchmark fails the build. */
class BenchmarksTest {
    @Test
    void topicMatchingFindsTheDesignedDeliveries() {
        TopicMatchBenchmark b = new TopicMatchBenchmark();
        b.subscriptions = 2_000;
        b.buildTree();

        assertThat(b.telemetry()).hasSize(11);
        assertThat(b.status()).hasSize(110);
        assertThat(b.miss()).isEmpty();
    }

    @Test
    void publishCodecRoundTripsInBothVersions() {
        for (String version : new String[] {"5", "311"}) {
            PublishCodecBenchmark b = new PublishCodecBenchmark();
            b.version = version;
            b.payloadSize = 64;
            b.connect();
            try {
                assertThat(b.encode()).isGreaterThan(64);
                assertThat(b.decode()).isInstanceOfSatisfying(Publish.class,
                        p -> assertThat(p.payload()).hasSize(64));
            } finally {
                b.close();
            }
        }
    }

    @Test
    void storeAppendKeepsItsBacklogBounded() {
        StoreAppendBenchmark b = new StoreAppendBenchmark();
        b.sessions = 3;
        b.openStore();
        for (int i = 0; i < 500; i++) {
            b.appendThenAcknowledge();
            b.fanOutToHundred();
        }
        assertThat(b.appendThenAcknowledge()).isEqualTo(500);
    }
}
