package dev.roost.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.core.BrokerSettings;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The configuration file and environment: every key, and every way a file can be wrong. */
class BrokerConfigReaderTest {
    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @TempDir
    Path directory;

    /** Every key with a value that is not its default, and how to read it back. */
    static Stream<Arguments> everyKey() {
        return Stream.of(
                key("listener.bind", "127.0.0.1", BrokerConfig::bindAddress, "127.0.0.1"),
                key("listener.port", "8883", BrokerConfig::port, 8883),
                key("data.dir", "/var/lib/roost", BrokerConfig::dataDirectory, Path.of("/var/lib/roost")),
                key("store.engine", "memory", BrokerConfig::storeEngine, BrokerConfig.StoreEngine.MEMORY),
                key("store.durability", "interval", BrokerConfig::durability, DurabilityPolicy.INTERVAL),
                key("connections.max-per-second", "250", BrokerConfig::maxConnectsPerSecond, 250),
                key("connections.connect-timeout-seconds", "3", BrokerConfig::connectTimeout, Duration.ofSeconds(3)),
                key("lanes", "7", c -> c.settings().lanes(), 7),
                key("session.max-expiry-seconds", "86400", c -> c.settings().maxSessionExpirySeconds(), 86400L),
                key("session.v3-expiry-seconds", "4294967294", c -> c.settings().v3SessionExpirySeconds(),
                        4294967294L),
                key("keepalive.max-seconds", "120", c -> c.settings().maxKeepAliveSeconds(), 120),
                key("limits.receive-maximum", "100", c -> c.settings().receiveMaximum(), 100),
                key("limits.max-packet-size", "268435460", c -> c.settings().maximumPacketSize(), 268_435_460),
                key("limits.v3-inflight-window", "10", c -> c.settings().v3InflightWindow(), 10),
                key("topic-alias.maximum", "0", c -> c.settings().topicAliasMaximum(), 0),
                key("retain.available", "false", c -> c.settings().retainAvailable(), false),
                key("wildcard-subscriptions.available", "FALSE", c -> c.settings().wildcardSubscriptionAvailable(),
                        false),
                key("subscription-identifiers.available", "false",
                        c -> c.settings().subscriptionIdentifiersAvailable(), false),
                key("shared-subscriptions.available", "false", c -> c.settings().sharedSubscriptionAvailable(), false),
                key("shared-subscriptions.policy", "least-loaded", c -> c.settings().sharedSubscriptionPolicy(),
                        BrokerSettings.SharedSubscriptionPolicy.LEAST_LOADED),
                key("queue.max-messages", "5", c -> c.settings().maxQueuedMessages(), 5),
                key("queue.max-bytes", "17179869184", c -> c.settings().maxQueuedBytes(), 17_179_869_184L),
                key("queue.overflow-policy", "drop-oldest", c -> c.settings().overflowPolicy(),
                        BrokerSettings.OverflowPolicy.DROP_OLDEST),
                key("queue.qos0-when-offline", "true", c -> c.settings().queueQos0WhenOffline(), true));
    }

    private static Arguments key(String key, String value, Function<BrokerConfig, Object> read, Object expected) {
        return Arguments.of(key, value, read, expected);
    }

    @Test
    void theTableBelowCoversEveryKey() {
        assertThat(everyKey().map(a -> (String) a.get()[0]))
                .containsExactlyElementsOf(ConfigKey.ALL.stream().map(ConfigKey::name).toList());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("everyKey")
    void eachKeyInTheFileSetsItsSetting(String key, String value, Function<BrokerConfig, Object> read,
                                        Object expected) throws IOException {
        assertThat(read.apply(BrokerConfig.defaults())).as("the test value differs from the default")
                .isNotEqualTo(expected);
        BrokerConfig config = read(file("  " + key + " =  " + value + "  \n"), NO_ENVIRONMENT);
        assertThat(read.apply(config)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("everyKey")
    void eachKeyCanBeSetFromTheEnvironment(String key, String value, Function<BrokerConfig, Object> read,
                                           Object expected) {
        String variable = ConfigKey.named(key).orElseThrow().environmentVariable();
        assertThat(read.apply(read(null, Map.of(variable, value)))).isEqualTo(expected);
    }

    @Test
    void withoutFileOrEnvironmentEverySettingIsTheDefault() {
        BrokerConfig config = read(null, NO_ENVIRONMENT);
        BrokerConfig defaults = BrokerConfig.defaults();
        assertThat(config.toString()).isEqualTo(defaults.toString());
        everyKey().forEach(a -> {
            @SuppressWarnings("unchecked")
            Function<BrokerConfig, Object> get = (Function<BrokerConfig, Object>) a.get()[2];
            assertThat(get.apply(config)).as((String) a.get()[0]).isEqualTo(get.apply(defaults));
        });
    }

    @Test
    void environmentVariablesAreRoostThenTheKeyInUpperCaseWithUnderscores() {
        assertThat(ConfigKey.named("queue.overflow-policy").orElseThrow().environmentVariable())
                .isEqualTo("ROOST_QUEUE_OVERFLOW_POLICY");
        assertThat(ConfigKey.named("lanes").orElseThrow().environmentVariable()).isEqualTo("ROOST_LANES");
        assertThat(ConfigKey.ALL.stream().map(ConfigKey::environmentVariable).distinct()).hasSameSizeAs(ConfigKey.ALL);
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
        Path file = file("listener.port = 1000\nlistener.bind = 127.0.0.1\n");
        BrokerConfigReader.Result result = BrokerConfigReader.read(file, Map.of("ROOST_LISTENER_PORT", "2000"));
        BrokerConfig config = result.builder().build();
        assertThat(config.port()).isEqualTo(2000);
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(result.overriddenBy()).containsExactly("ROOST_LISTENER_PORT");
    }

    @Test
    void theFileAcceptsPropertiesSyntaxCommentsAndUtf8() throws IOException {
        BrokerConfig config = read(file("""
                # a comment
                ! another comment
                listener.port: 1884
                data.dir = /srv/röst \\
                    data
                store.engine   ROCKSDB
                queue.overflow-policy = DROP_OLDEST
                """), NO_ENVIRONMENT);
        assertThat(config.port()).isEqualTo(1884);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/srv/röst data"));
        assertThat(config.storeEngine()).isEqualTo(BrokerConfig.StoreEngine.ROCKSDB);
        assertThat(config.settings().overflowPolicy()).isEqualTo(BrokerSettings.OverflowPolicy.DROP_OLDEST);
    }

    @Test
    void aValueNotAmongTheChoicesNamesTheFileTheKeyAndTheChoices() throws IOException {
        Path file = file("queue.overflow-policy = drop-random\n");
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": key 'queue.overflow-policy': 'drop-random' is not one of drop-newest, drop-oldest");
    }

    @Test
    void aNumberOutOfRangeNamesTheRange() throws IOException {
        Path file = file("listener.port = 70000\nlimits.max-packet-size = 10\nqueue.max-bytes = 0\n");
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": key 'listener.port': '70000' is not an integer from 0 to 65535",
                file + ": key 'limits.max-packet-size': '10' is not an integer from 64 to 268435460",
                file + ": key 'queue.max-bytes': '0' is not an integer of at least 1");
    }

    @Test
    void textWhereANumberOrBooleanBelongsIsRefused() throws IOException {
        Path file = file("lanes = four\nretain.available = yes\nsession.max-expiry-seconds = 99999999999999999999\n");
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": key 'lanes': 'four' is not an integer from 1 to 1024",
                file + ": key 'retain.available': 'yes' is not one of true, false",
                file + ": key 'session.max-expiry-seconds': '99999999999999999999' is not an integer from 0 to"
                        + " 4294967295");
    }

    @Test
    void aKeyWithoutValueSaysWhatItExpects() throws IOException {
        Path file = file("listener.bind =\n");
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": key 'listener.bind': has no value: expected a host name or IP address");
    }

    @Test
    void anUnknownKeyIsAnErrorWithTheNearestKeySuggested() throws IOException {
        Path file = file("listener.prot = 1883\nwhatever = 1\n");
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": unknown key 'listener.prot' (did you mean 'listener.port'?); every key is listed in"
                        + " docs/CONFIG.md",
                file + ": unknown key 'whatever'; every key is listed in docs/CONFIG.md");
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws IOException {
        Path file = file("listener.port = 1\nlistener.port = 2\n");
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": key 'listener.port' is given more than once");
    }

    @Test
    void everyProblemIsReportedAtOnceFileFirstThenEnvironment() throws IOException {
        Path file = file("lanes = 0\nnope = 1\n");
        assertThat(problems(file, Map.of("ROOST_STORE_DURABILITY", "always"))).containsExactly(
                file + ": key 'lanes': '0' is not an integer from 1 to 1024",
                file + ": unknown key 'nope'; every key is listed in docs/CONFIG.md",
                "environment variable ROOST_STORE_DURABILITY (store.durability): 'always' is not one of sync,"
                        + " interval, none");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = directory.resolve("missing.conf");
        assertThat(problems(missing, NO_ENVIRONMENT)).containsExactly(
                missing + ": cannot read the configuration file: no such file");
    }

    @Test
    void aFileThatIsNotUtf8IsNamed() throws IOException {
        Path file = directory.resolve("latin1.conf");
        Files.write(file, "data.dir = /srv/r\u00f6st\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(problems(file, NO_ENVIRONMENT)).containsExactly(
                file + ": cannot read the configuration file: it is not UTF-8 text");
    }

    @Test
    void aMalformedEscapeIsNamed() throws IOException {
        Path file = file("listener.bind = \\uZZZZ\n");
        assertThat(problems(file, NO_ENVIRONMENT)).singleElement().asString()
                .startsWith(file + ": not a valid key = value file:");
    }

    @Test
    void anUnknownRoostVariableIsOnlyAWarningWithASuggestion() {
        BrokerConfigReader.Result result = BrokerConfigReader.read(null,
                Map.of("ROOST_LISTENER_PROT", "1", "PATH", "/bin"));
        assertThat(result.warnings()).containsExactly("environment variable ROOST_LISTENER_PROT is not a"
                + " configuration key and was ignored (did you mean 'ROOST_LISTENER_PORT'?)");
    }

    private Path file(String content) throws IOException {
        Path file = directory.resolve("roost.conf");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static BrokerConfig read(Path file, Map<String, String> environment) {
        return BrokerConfigReader.read(file, environment).builder().build();
    }

    private static List<String> problems(Path file, Map<String, String> environment) {
        try {
            BrokerConfigReader.read(file, environment);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).isEqualTo(e.problems().stream().collect(Collectors.joining(
                    System.lineSeparator())));
            assertThat(e.getStackTrace()).isEmpty();
            return e.problems();
        }
        throw new AssertionError("no ConfigException for " + file);
    }
}
