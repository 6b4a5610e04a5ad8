package dev.roost.cli.config;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.core.BrokerSettings;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One key of the broker's configuration: its name in the file, the environment variable that overrides it, the values
 * it takes and where it goes in {@link BrokerConfig} or {@link BrokerSettings}. {@link #ALL} is the whole list; it is
 * what the reader accepts and what docs/CONFIG.md documents (a test keeps the two in step).
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the Java type of the value
 */
public final class ConfigKey<T> {

    /** Every key, in the order docs/CONFIG.md lists them. */
    public static final List<ConfigKey<?>> ALL = List.of(
            key("listener.bind", ValueType.text("a host name or IP address"), (t, v) -> t.config.bindAddress(v)),
            key("listener.port", ValueType.integer(0, 65535), (t, v) -> t.config.port(v)),
            key("data.dir", ValueType.path(), (t, v) -> t.config.dataDirectory(v)),
            key("store.engine", ValueType.choice(BrokerConfig.StoreEngine.class), (t, v) -> t.config.storeEngine(v)),
            key("store.durability", ValueType.choice(DurabilityPolicy.class), (t, v) -> t.config.durability(v)),
            key("connections.max-per-second", ValueType.integer(1, Integer.MAX_VALUE),
                    (t, v) -> t.config.maxConnectsPerSecond(v)),
            key("connections.connect-timeout-seconds", ValueType.integer(1, Integer.MAX_VALUE),
                    (t, v) -> t.config.connectTimeout(Duration.ofSeconds(v))),
            key("lanes", ValueType.integer(1, 1024), (t, v) -> t.settings.lanes(v)),
            key("session.max-expiry-seconds", ValueType.longInteger(0, BrokerSettings.NEVER_EXPIRES),
                    (t, v) -> t.settings.maxSessionExpirySeconds(v)),
            key("session.v3-expiry-seconds", ValueType.longInteger(0, BrokerSettings.NEVER_EXPIRES),
                    (t, v) -> t.settings.v3SessionExpirySeconds(v)),
            key("keepalive.max-seconds", ValueType.integer(0, 65535), (t, v) -> t.settings.maxKeepAliveSeconds(v)),
            key("limits.receive-maximum", ValueType.integer(1, 65535), (t, v) -> t.settings.receiveMaximum(v)),
            key("limits.max-packet-size", ValueType.integer(64, 268_435_460),
                    (t, v) -> t.settings.maximumPacketSize(v)),
            key("limits.v3-inflight-window", ValueType.integer(1, 65535), (t, v) -> t.settings.v3InflightWindow(v)),
            key("topic-alias.maximum", ValueType.integer(0, 65535), (t, v) -> t.settings.topicAliasMaximum(v)),
            key("retain.available", ValueType.bool(), (t, v) -> t.settings.retainAvailable(v)),
            key("wildcard-subscriptions.available", ValueType.bool(),
                    (t, v) -> t.settings.wildcardSubscriptionAvailable(v)),
            key("subscription-identifiers.available", ValueType.bool(),
                    (t, v) -> t.settings.subscriptionIdentifiersAvailable(v)),
            key("shared-subscriptions.available", ValueType.bool(),
                    (t, v) -> t.settings.sharedSubscriptionAvailable(v)),
            key("shared-subscriptions.policy", ValueType.choice(BrokerSettings.SharedSubscriptionPolicy.class),
                    (t, v) -> t.settings.sharedSubscriptionPolicy(v)),
            key("queue.max-messages", ValueType.integer(1, Integer.MAX_VALUE),
                    (t, v) -> t.settings.maxQueuedMessages(v)),
            key("queue.max-bytes", ValueType.longInteger(1, Long.MAX_VALUE), (t, v) -> t.settings.maxQueuedBytes(v)),
            key("queue.overflow-policy", ValueType.choice(BrokerSettings.OverflowPolicy.class),
                    (t, v) -> t.settings.overflowPolicy(v)),
            key("queue.qos0-when-offline", ValueType.bool(), (t, v) -> t.settings.queueQos0WhenOffline(v)));

    private static final String ENVIRONMENT_PREFIX = "ROOST_";

    private final String name;
    private final ValueType<T> type;
    private final BiConsumer<Target, T> setter;

    private ConfigKey(String name, ValueType<T> type, BiConsumer<Target, T> setter) {
        this.name = name;
        this.type = type;
        this.setter = setter;
    }

    private static <T> ConfigKey<T> key(String name, ValueType<T> type, BiConsumer<Target, T> setter) {
        return new ConfigKey<>(name, type, setter);
    }

    /** @return the key with this name, as written in a file */
    public static Optional<ConfigKey<?>> named(String name) {
        return ALL.stream().filter(k -> k.name.equals(name)).<ConfigKey<?>>map(k -> k).findFirst();
    }

    /** The key as written in a file, e.g. {@code queue.overflow-policy}. */
    public String name() {
        return name;
    }

    /**
     * The environment variable that overrides the key: {@code ROOST_}, then the name in upper case with every
     * {@code .} and {@code -} turned into {@code _} ({@code queue.overflow-policy} is
     * {@code ROOST_QUEUE_OVERFLOW_POLICY}).
     */
    public String environmentVariable() {
        return environmentVariable(name);
    }

    static String environmentVariable(String keyName) {
        return ENVIRONMENT_PREFIX + keyName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static boolean looksLikeAKey(String environmentVariable) {
        return environmentVariable.startsWith(ENVIRONMENT_PREFIX);
    }

    /** What the key accepts, e.g. "an integer from 0 to 65535" or "one of drop-newest, drop-oldest". */
    public String allowed() {
        return type.allowed();
    }

    /**
     * Reads {@code text} and sets it on the builders.
     *
     * @throws InvalidValueException when the text is not an allowed value
     */
    void apply(Target target, String text) {
        T value = type.parse(text);
        try {
            setter.accept(target, value);
        } catch (IllegalArgumentException e) {
            // The type's own check should have caught it; the builder's message is the next best thing.
            throw new InvalidValueException("'" + text.strip() + "' is not allowed: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** The two builders a key may set. Not thread-safe. */
    static final class Target {
        final BrokerConfig.Builder config;
        final BrokerSettings.Builder settings;

        Target(BrokerConfig.Builder config, BrokerSettings.Builder settings) {
            this.config = Objects.requireNonNull(config, "config");
            this.settings = Objects.requireNonNull(settings, "settings");
        }
    }
}
