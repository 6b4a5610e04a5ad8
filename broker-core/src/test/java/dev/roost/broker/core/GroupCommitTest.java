package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v3;
import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.fixture.FailingStore;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements wait for the store's durability barrier ({@code SessionStore.sync()}), which a lane calls once per
 * batch of work: when it fails, nothing of the batch is acknowledged.
 */
class GroupCommitTest {
    private final FailingStore store = new FailingStore();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("5.0: a PUBLISH whose write cannot be made durable gets no PUBACK/PUBREC; the connection is closed")
    void v5PublishIsNotAcknowledgedWhenTheBarrierFails() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store)) {
            broker.watcher("sub", false, 3600, "t").drop(); // offline: the publish is a fan-out write
            Client pub = broker.open();
            broker.connect(pub, v5("pub", true, 0));
            store.syncFails(true);
            pub.send(Publish.of("t", Qos.EXACTLY_ONCE, false, 1, bytes("a")));
            await().until(pub.connection()::isClosed);
            assertThat(pub.connection().poll()).as("no PUBREC").isNull();

            store.syncFails(false);
            Client again = broker.open();
            broker.connect(again, v5("pub", true, 0));
            again.send(Publish.of("t", Qos.AT_LEAST_ONCE, false, 1, bytes("b")));
            assertThat(again.next(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
        }
    }

    @Test
    @DisplayName("3.1.1: a QoS 2 PUBLISH whose write cannot be made durable gets no PUBREC")
    void v3PublishIsNotAcknowledgedWhenTheBarrierFails() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store)) {
            Client pub = broker.open();
            broker.connect(pub, v3("pub", false));
            store.syncFails(true);
            pub.send(Publish.of("t", Qos.EXACTLY_ONCE, false, 1, bytes("a")));
            await().until(pub.connection()::isClosed);
            assertThat(pub.connection().poll()).as("no PUBREC").isNull();

            store.syncFails(false);
            Client again = broker.open();
            broker.connect(again, v3("pub", false));
            again.send(Publish.of("t", Qos.EXACTLY_ONCE, false, 1, bytes("a")).withDelivery(1, true,
                    Qos.EXACTLY_ONCE, false));
            assertThat(again.next(PubRec.class).packetId()).as("the resent PUBLISH is acknowledged").isEqualTo(1);
        }
    }
}
