package dev.roost.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.broker.core.BrokerSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

    @Test
    void defaultsListenOnEveryInterfaceOnTheMqttPort() {
        BrokerConfig config = BrokerConfig.defaults();
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(config.maxConnectsPerSecond()).isEqualTo(1000);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.settings()).isNotNull();
    }

    @Test
    void newBuilderMakesAVariantAndLeavesTheOriginalAlone() {
        BrokerSettings settings = BrokerSettings.builder().lanes(3).build();
        BrokerConfig original = BrokerConfig.builder().port(0).settings(settings).build();
        BrokerConfig variant = original.newBuilder().bindAddress("127.0.0.1").build();

        assertThat(original.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(variant.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(variant.port()).isZero();
        assertThat(variant.settings()).isSameAs(settings);
    }

    @Test
    void rejectsValuesOutOfRangeNamingTheSetting() {
        BrokerConfig.Builder builder = BrokerConfig.builder();
        assertThatThrownBy(() -> builder.port(65536)).hasMessageContaining("port");
        assertThatThrownBy(() -> builder.port(-1)).hasMessageContaining("port");
        assertThatThrownBy(() -> builder.maxConnectsPerSecond(0)).hasMessageContaining("maxConnectsPerSecond");
        assertThatThrownBy(() -> builder.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> builder.bindAddress(" ")).hasMessageContaining("bindAddress");
    }
}
