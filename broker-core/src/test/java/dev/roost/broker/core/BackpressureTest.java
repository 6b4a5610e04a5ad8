package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client cannot grow its lane's queue without bound: the transport stops reading while too much waits there. */
class BackpressureTest {
    /** Connects a publisher and holds its lane up until {@code gate} opens. */
    private static Client publisherOnBlockedLane(CoreHarness broker, CountDownLatch gate) throws InterruptedException {
        Client pub = broker.open();
        broker.connect(pub, v5("pub", true, 0));
        CountDownLatch blocked = new CountDownLatch(1);
        broker.core().lanes().execute("pub", () -> {
            blocked.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).as("the lane is held up").isTrue();
        return pub;
    }

    @Test
    void readingPausesWhileAThousandPacketsWaitOnTheLaneAndResumesOnceTheyAreHandled() throws Exception {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(1).build())) {
            CountDownLatch gate = new CountDownLatch(1);
            Client pub = publisherOnBlockedLane(broker, gate);
            for (int i = 0; i < 1023; i++) {
                pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[8]));
            }
            assertThat(pub.connection().isReadingPaused()).as("1,023 waiting").isFalse();
            pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[8]));
            assertThat(pub.connection().isReadingPaused()).as("1,024 waiting").isTrue();

            gate.countDown();
            await().until(() -> !pub.connection().isReadingPaused());
            pub.sync();
        }
    }

    @Test
    void aLargePayloadCountsByItsSize() throws Exception {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(1).build())) {
            CountDownLatch gate = new CountDownLatch(1);
            Client pub = publisherOnBlockedLane(broker, gate);
            pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[512 * 1024]));
            assertThat(pub.connection().isReadingPaused()).as("half a MiB waiting").isFalse();
            pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[512 * 1024]));
            assertThat(pub.connection().isReadingPaused()).as("a MiB waiting").isTrue();

            gate.countDown();
            await().until(() -> !pub.connection().isReadingPaused());
            pub.sync();
        }
    }
}
