package dev.roost.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roost.client.ClientConfig;
import dev.roost.client.ConnectResult;
import dev.roost.client.RoostClient;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClientBasicsIT {
    @TempDir
    Path dir;
    BrokerUnderTest broker;

    @BeforeEach
    void start() {
        broker = new RoostBrokerUnderTest(dir.resolve("broker"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @ParameterizedTest
    @EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
    void publishesAndReceivesAtEveryQos(MqttVersion version) {
        ClientConfig config = ClientConfig.builder("127.0.0.1", broker.port()).version(version).clientId("basic")
                .sessionStore(new InMemoryClientSessionStore()).build();
        Inbox inbox = new Inbox();
        try (RoostClient client = RoostClient.create(config)) {
            var subscribed = client.subscribe("t/#", Qos.EXACTLY_ONCE, inbox);
            ConnectResult result = Done.of(client.connect());
            assertThat(Done.of(subscribed).isGranted()).isTrue();
            assertThat(result.clientId()).isEqualTo("basic");
            for (Qos qos : Qos.values()) {
                Done.of(client.publish("t/" + qos.value(), ("m" + qos.value()).getBytes(StandardCharsets.UTF_8), qos));
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(inbox.payloads()).containsExactlyInAnyOrder("m0", "m1", "m2"));
        }
    }
}
