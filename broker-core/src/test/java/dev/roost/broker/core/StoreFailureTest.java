package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v3;
import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.fixture.FailingStore;
import dev.roost.broker.core.store.StoreContents;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PubAck;
import dev.roost.protocol.packet.PubRec;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Nothing is acknowledged that the store did not take. */
class StoreFailureTest {
    private final FailingStore store = new FailingStore();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private java.util.List<dev.roost.broker.core.session.OutboundEntry> logOf(String clientId) {
        return StoreContents.log(store, clientId);
    }

    private static void persistentSubscriber(CoreHarness broker) {
        Client sub = broker.open();
        broker.connect(sub, v5("sub", false, 3600));
        broker.subscribe(sub, "t", Qos.EXACTLY_ONCE);
        sub.drop();
    }

    @Test
    @DisplayName("5.0: a full store answers PUBACK/PUBREC 0x97 instead of success, and recovers when space returns")
    void v5PublisherGetsQuotaExceeded() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store)) {
            persistentSubscriber(broker);
            Client pub = broker.open();
            broker.connect(pub, v5("pub", true, 0));
            store.full(true);
            pub.send(Publish.of("t", Qos.AT_LEAST_ONCE, false, 1, bytes("a")));
            assertThat(pub.next(PubAck.class).reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);
            pub.send(Publish.of("t", Qos.EXACTLY_ONCE, false, 2, bytes("b")));
            assertThat(pub.next(PubRec.class).reasonCode()).isEqualTo(ReasonCode.QUOTA_EXCEEDED);

            store.full(false);
            pub.send(Publish.of("t", Qos.AT_LEAST_ONCE, false, 3, bytes("c")));
            assertThat(pub.next(PubAck.class).reasonCode()).isEqualTo(ReasonCode.SUCCESS);
            await().until(() -> logOf("sub").size() == 1);
            assertThat(logOf("sub")).singleElement()
                    .satisfies(e -> assertThat(e.message().payload()).isEqualTo(bytes("c")));
        }
    }

    @Test
    @DisplayName("3.1.1: a full store closes the publisher's connection instead of acknowledging")
    void v3PublisherIsDisconnected() {
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store)) {
            persistentSubscriber(broker);
            Client pub = broker.open();
            broker.connect(pub, v3("pub", true));
            store.full(true);
            pub.send(Publish.of("t", Qos.AT_LEAST_ONCE, false, 1, bytes("a")));
            await().until(pub.connection()::isClosed);
            assertThat(pub.connection().poll()).as("no PUBACK").isNull();
        }
    }
}
