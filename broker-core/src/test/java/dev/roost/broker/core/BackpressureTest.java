package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.fixture.FailingStore;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.PingReq;
import dev.roost.protocol.packet.PingResp;
import dev.roost.protocol.packet.Publish;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A client cannot grow its lane's queue without bound: the transport stops reading while too much waits there. */
class BackpressureTest {
    private final FailingStore store = new FailingStore();

    /** Connects a publisher and leaves its lane blocked in the store's fsync until {@code gate} opens. */
    private Client publisherOnBlockedLane(CoreHarness broker, CountDownLatch gate) throws InterruptedException {
        Client pub = broker.open();
        broker.connect(pub, v5("pub", true, 0));
        CountDownLatch blocked = store.blockSyncs(gate);
        pub.send(PingReq.INSTANCE);
        assertThat(blocked.await(5, TimeUnit.SECONDS)).as("the lane is blocked in sync()").isTrue();
        return pub;
    }

    @Test
    void readingPausesWhileAThousandPacketsWaitOnTheLaneAndResumesOnceTheyAreHandled() throws Exception {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(1).build(), store)) {
            CountDownLatch gate = new CountDownLatch(1);
            Client pub = publisherOnBlockedLane(broker, gate);
            for (int i = 0; i < 1023; i++) {
                pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[8]));
            }
            assertThat(pub.connection().isReadingPaused()).as("1,023 waiting").isFalse();
            pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[8]));
            assertThat(pub.connection().isReadingPaused()).as("1,024 waiting").isTrue();

            store.blockSyncs(null);
            gate.countDown();
            await().until(() -> !pub.connection().isReadingPaused());
            pub.next(PingResp.class);
            pub.sync();
        }
    }

    @Test
    void aLargePayloadCountsByItsSize() throws Exception {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(1).build(), store)) {
            CountDownLatch gate = new CountDownLatch(1);
            Client pub = publisherOnBlockedLane(broker, gate);
            pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[512 * 1024]));
            assertThat(pub.connection().isReadingPaused()).as("half a MiB waiting").isFalse();
            pub.send(Publish.of("t", Qos.AT_MOST_ONCE, false, 0, new byte[512 * 1024]));
            assertThat(pub.connection().isReadingPaused()).as("a MiB waiting").isTrue();

            store.blockSyncs(null);
            gate.countDown();
            await().until(() -> !pub.connection().isReadingPaused());
            pub.next(PingResp.class);
            pub.sync();
        }
    }
}
