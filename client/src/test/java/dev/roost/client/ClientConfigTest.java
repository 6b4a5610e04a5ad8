package dev.roost.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.protocol.MqttVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientConfigTest {
    @Test
    void defaultsResumeTheLastUsedSessionOverMqtt5() {
        ClientConfig config = ClientConfig.builder("broker", 0).build();

        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.version()).isEqualTo(MqttVersion.V5);
        assertThat(config.clientId()).isNull();
        assertThat(config.serverAssignedClientId()).isFalse();
        assertThat(config.cleanStart()).isFalse();
        assertThat(config.sessionExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(config.automaticReconnect()).isTrue();
        assertThat(config.resubscribeOnSessionLoss()).isTrue();
        assertThat(config.sessionStore()).isNull();
    }

    @Test
    void aVariantLeavesTheOriginalUnchanged() {
        ClientConfig original = ClientConfig.builder("broker", 1883).clientId("a").build();

        ClientConfig variant = original.newBuilder().serverAssignedClientId().port(1884).build();

        assertThat(original.clientId()).isEqualTo("a");
        assertThat(variant.clientId()).isNull();
        assertThat(variant.serverAssignedClientId()).isTrue();
        assertThat(variant.port()).isEqualTo(1884);
    }

    @Test
    void badValuesAreRefusedWhenSet() {
        ClientConfigBuilder builder = ClientConfig.builder("broker", 1883);

        assertThatThrownBy(() -> builder.clientId("")).hasMessageContaining("serverAssignedClientId");
        assertThatThrownBy(() -> builder.keepAlive(Duration.ofMillis(1500))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> builder.sessionExpiry(Duration.ofSeconds(-1))).hasMessageContaining("sessionExpiry");
        assertThatThrownBy(() -> builder.receiveMaximum(0)).hasMessageContaining("receiveMaximum");
        assertThatThrownBy(() -> builder.port(70000)).hasMessageContaining("port");
    }

    @Test
    void thePasswordIsNeitherSharedNorPrinted() {
        byte[] password = {1, 2, 3};
        ClientConfig config = ClientConfig.builder("broker", 1883).credentials("me", password).build();
        password[0] = 9;

        assertThat(config.password()).containsExactly(1, 2, 3);
        assertThat(config.toString()).contains("user=me").doesNotContain("[1, 2, 3]");
    }
}
