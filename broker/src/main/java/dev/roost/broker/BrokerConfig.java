package dev.roost.broker;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.store.rocksdb.DurabilityPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RoostBroker} is started: where it listens, where it keeps its data, how it guards the door, and the
 * {@link BrokerSettings} of its session logic. Immutable and thread-safe; {@link #newBuilder()} makes a variant.
 *
 * <p>No accessor returns {@code null}.
 */
public final class BrokerConfig {

    /** The port MQTT over TCP is registered for (IANA). */
    public static final int DEFAULT_PORT = 1883;

    private final String bindAddress;
    private final int port;
    private final Path dataDirectory;
    private final int maxConnectsPerSecond;
    private final Duration connectTimeout;
    private final BrokerSettings settings;
    private final StoreEngine storeEngine;
    private final DurabilityPolicy durability;

    /** Where sessions and retained messages are kept. */
    public enum StoreEngine {
        /** The embedded RocksDB store in {@code <data directory>/store}: survives restarts and crashes. */
        ROCKSDB,
        /** On the heap: nothing survives the process. */
        MEMORY
    }

    private BrokerConfig(Builder b) {
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.dataDirectory = b.dataDirectory;
        this.maxConnectsPerSecond = b.maxConnectsPerSecond;
        this.connectTimeout = b.connectTimeout;
        this.settings = b.settings;
        this.storeEngine = b.storeEngine;
        this.durability = b.durability;
    }

    /** @return the configuration with every default documented on {@link Builder} */
    public static BrokerConfig defaults() {
        return new Builder().build();
    }

    /** @return a builder that starts from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder that starts from this configuration */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** The host name or IP literal the listener binds to; {@code 0.0.0.0} means every IPv4 interface. */
    public String bindAddress() { return bindAddress; }

    /** The TCP port to listen on; 0 asks the operating system for a free one ({@link RoostBroker#port()} tells it). */
    public int port() { return port; }

    /** Where the broker keeps its data; created at start when missing. */
    public Path dataDirectory() { return dataDirectory; }

    /**
     * How many new connections per second may be in the unfinished state (accepted, CONNECT not yet processed) across
     * the whole server. A connection that arrives above the limit is closed at once, before anything is read from it.
     */
    public int maxConnectsPerSecond() { return maxConnectsPerSecond; }

    /** How long a new connection may take to send its CONNECT before it is closed. */
    public Duration connectTimeout() { return connectTimeout; }

    /** The session logic's policy, handed to the broker core. */
    public BrokerSettings settings() { return settings; }

    /** Default: {@link StoreEngine#ROCKSDB}. */
    public StoreEngine storeEngine() { return storeEngine; }

    /** When the RocksDB store's writes reach the disk; see docs/DURABILITY.md. Default: {@link DurabilityPolicy#SYNC}. */
    public DurabilityPolicy durability() { return durability; }

    @Override
    public String toString() {
        return "BrokerConfig[bindAddress=" + bindAddress + ", port=" + port + ", dataDirectory=" + dataDirectory
                + ", maxConnectsPerSecond=" + maxConnectsPerSecond + ", connectTimeout=" + connectTimeout
                + ", storeEngine=" + storeEngine + ", durability=" + durability + "]";
    }

    /** Builds a {@link BrokerConfig}; each setter checks its value at once and documents its default. Not thread-safe. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private Path dataDirectory = Path.of("./data");
        private int maxConnectsPerSecond = 1000;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private BrokerSettings settings = BrokerSettings.defaults();
        private StoreEngine storeEngine = StoreEngine.ROCKSDB;
        private DurabilityPolicy durability = DurabilityPolicy.SYNC;

        private Builder() {
        }

        private Builder(BrokerConfig c) {
            bindAddress = c.bindAddress;
            port = c.port;
            dataDirectory = c.dataDirectory;
            maxConnectsPerSecond = c.maxConnectsPerSecond;
            connectTimeout = c.connectTimeout;
            settings = c.settings;
            storeEngine = c.storeEngine;
            durability = c.durability;
        }

        /** Default: {@code 0.0.0.0}. */
        public Builder bindAddress(String v) {
            Objects.requireNonNull(v, "bindAddress");
            if (v.isBlank()) {
                throw new IllegalArgumentException("bindAddress must not be blank");
            }
            bindAddress = v.strip();
            return this;
        }

        /** Default: 1883. 0 picks a free port. */
        public Builder port(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535: " + v);
            }
            port = v;
            return this;
        }

        /** Default: {@code ./data}, relative to the working directory. */
        public Builder dataDirectory(Path v) {
            dataDirectory = Objects.requireNonNull(v, "dataDirectory");
            return this;
        }

        /** Default: 1000. */
        public Builder maxConnectsPerSecond(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxConnectsPerSecond must be at least 1: " + v);
            }
            maxConnectsPerSecond = v;
            return this;
        }

        /** Default: 10 seconds. */
        public Builder connectTimeout(Duration v) {
            Objects.requireNonNull(v, "connectTimeout");
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + v);
            }
            connectTimeout = v;
            return this;
        }

        /** Default: {@link BrokerSettings#defaults()}. */
        public Builder settings(BrokerSettings v) {
            settings = Objects.requireNonNull(v, "settings");
            return this;
        }

        /** Default: {@link StoreEngine#ROCKSDB}. */
        public Builder storeEngine(StoreEngine v) {
            storeEngine = Objects.requireNonNull(v, "storeEngine");
            return this;
        }

        /** Default: {@link DurabilityPolicy#SYNC}. */
        public Builder durability(DurabilityPolicy v) {
            durability = Objects.requireNonNull(v, "durability");
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(this);
        }
    }
}
