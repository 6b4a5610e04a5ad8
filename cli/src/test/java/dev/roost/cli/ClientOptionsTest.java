package dev.roost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.client.ClientConfig;
import dev.roost.protocol.MqttVersion;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** How the mosquitto-style flags become a client configuration. */
class ClientOptionsTest {

    @Command(name = "test")
    static final class WithOptions {
        @Mixin
        ClientOptions options;
    }

    private static ClientOptions parse(String... args) {
        WithOptions holder = new WithOptions();
        new CommandLine(holder).parseArgs(args);
        holder.options.validate();
        return holder.options;
    }

    @Test
    void withoutDashCTheSessionIsCleanAndEndsWithTheConnection() {
        ClientConfig config = parse().clientConfig().build();
        assertThat(config.cleanStart()).isTrue();
        assertThat(config.sessionExpiry()).isEqualTo(Duration.ZERO);
        assertThat(config.version()).isEqualTo(MqttVersion.V5);
        assertThat(config.host()).isEqualTo("localhost");
        assertThat(config.port()).isEqualTo(1883);
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.automaticReconnect()).isFalse();
    }

    @Test
    void dashCResumesTheSessionOfTheIdWhichExpiresAfterAnHourByDefault() {
        ClientConfig config = parse("-c", "-i", "s1").clientConfig().build();
        assertThat(config.cleanStart()).isFalse();
        assertThat(config.clientId()).isEqualTo("s1");
        assertThat(config.sessionExpiry()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void sessionExpiryMinusOneMeansNever() {
        assertThat(parse("-c", "-i", "s1", "-x", "-1").clientConfig().build().sessionExpiry())
                .isEqualTo(ClientConfig.SESSION_NEVER_EXPIRES);
        assertThat(parse("-c", "-i", "s1", "--session-expiry", "90").clientConfig().build().sessionExpiry())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void readsTheFlagsMosquittoUsersKnow() {
        ClientConfig config = parse("-h", "broker.example", "-p", "8883", "-V", "311", "-u", "ann", "-P", "pw", "-k",
                "5").clientConfig().build();
        assertThat(config.host()).isEqualTo("broker.example");
        assertThat(config.port()).isEqualTo(8883);
        assertThat(config.version()).isEqualTo(MqttVersion.V3_1_1);
        assertThat(config.username()).isEqualTo("ann");
        assertThat(config.password()).containsExactly('p', 'w');
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("-V", "mqttv5").version).isEqualTo(MqttVersion.V5);
        assertThat(parse("-V", "31").version).isEqualTo(MqttVersion.V3_1);
    }

    @Test
    void eachClientIdHasItsOwnStoreDirectoryUnderTheSessionDirectory() {
        ClientOptions options = parse("-c", "-i", "a/b ü", "--session-dir", "/tmp/s");
        assertThat(options.storeDirectory()).isEqualTo(Path.of("/tmp/s", "a%2Fb%20%C3%BC"));
        assertThat(ClientOptions.directoryName("sensor-7.kitchen_1")).isEqualTo("sensor-7.kitchen_1");
        assertThat(ClientOptions.directoryName("..")).isEqualTo("%2E.");
    }
}
