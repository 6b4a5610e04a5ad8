package dev.roost.client.session;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Values for session tests. */
final class SessionFixtures {
    static final BrokerAddress BROKER = BrokerAddress.of("broker.example.com", 1883);
    static final BrokerAddress OTHER_PORT = BrokerAddress.of("broker.example.com", 8883);
    static final BrokerAddress OTHER_HOST = BrokerAddress.of("other.example.com", 1883);

    private SessionFixtures() {
    }

    static Publish message(String topic, Qos qos, String payload) {
        return Publish.of(topic, qos, false, 0, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A state with something in every field. */
    static ClientSessionState fullState() {
        Publish withProperties = message("a/b", Qos.EXACTLY_ONCE, "two").withProperties(new MessageProperties(1, 60L,
                "text/plain", "reply/to", new byte[] {1, 2, 3}, List.of(new UserProperty("k", "v"))));
        return new ClientSessionState(BROKER, "client-1", MqttVersion.V5, 3600,
                Instant.parse("2024-01-01T01:00:00Z"), Instant.parse("2024-01-01T00:00:00Z"), 12, 40,
                List.of(new OutboundEntry(11, OutboundState.SENT, message("a/a", Qos.AT_LEAST_ONCE, "one")),
                        new OutboundEntry(12, OutboundState.PUBREL_SENT, withProperties)),
                List.of(7, 3),
                List.of(Subscription.of("x/#", Qos.AT_LEAST_ONCE), new Subscription("y/+", Qos.EXACTLY_ONCE, true,
                        true, 2)),
                List.of(new QueuedPublish(38, message("q/1", Qos.AT_MOST_ONCE, "zero")),
                        new QueuedPublish(39, message("q/2", Qos.AT_LEAST_ONCE, "queued"))));
    }
}
