package dev.roost.broker;

import dev.roost.broker.core.BrokerCore;
import dev.roost.broker.core.auth.Authenticator;
import dev.roost.broker.core.store.InMemorySessionStore;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.StoreException;
import dev.roost.store.rocksdb.RocksDbSessionStore;
import dev.roost.store.rocksdb.RocksDbStoreConfig;
import dev.roost.broker.core.connection.Connection;
import dev.roost.broker.core.connection.ProtocolHandler;
import dev.roost.broker.core.lane.DeadlineScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Roost broker, and the place where it is put together. {@link #start(BrokerConfig)} builds the parts in
 * plain sight, in the order they depend on each other: data directory → clock and scheduler → broker core → transport.
 *
 * <pre>{@code
 * try (RoostBroker broker = RoostBroker.start(BrokerConfig.builder().port(0).build())) {
 *     connectTo("127.0.0.1", broker.port());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is idempotent and may be called from any thread, including a shutdown hook.
 */
public final class RoostBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoostBroker.class);

    private final BrokerConfig config;
    private final NettyTransport transport;
    private final Runnable closeCore;
    private final Runnable closeStore;
    private final Runnable closeScheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RoostBroker(BrokerConfig config, NettyTransport transport, Runnable closeCore, Runnable closeStore,
                        Runnable closeScheduler) {
        this.config = config;
        this.transport = transport;
        this.closeCore = closeCore;
        this.closeStore = closeStore;
        this.closeScheduler = closeScheduler;
    }

    /**
     * Starts a broker and returns once it accepts connections.
     *
     * @throws UncheckedIOException when the data directory cannot be created or the address cannot be bound; the
     *     message names the path or address and the reason, and nothing is left running
     * @throws StoreException when the store cannot be opened (damaged, locked by another broker, unreadable); the
     *     message names the path and the ways to recover, and nothing was changed on disk
     */
    public static RoostBroker start(BrokerConfig config) {
        createDataDirectory(config);
        Clock clock = Clock.systemUTC();
        SessionStore store = openStore(config, clock);
        DeadlineScheduler scheduler = new DeadlineScheduler();
        try {
            BrokerCore core = new BrokerCore(config.settings(), clock, scheduler, store, Authenticator.ALLOW_ALL);
            try {
                NettyTransport transport = NettyTransport.bind(config, clock, core::accept);
                return listening(new RoostBroker(config, transport, core::close, store::close, scheduler::close));
            } catch (RuntimeException | Error e) {
                core.close();
                throw e;
            }
        } catch (RuntimeException | Error e) {
            scheduler.close();
            store.close();
            throw e;
        }
    }

    private static SessionStore openStore(BrokerConfig config, Clock clock) {
        return switch (config.storeEngine()) {
            case MEMORY -> new InMemorySessionStore();
            case ROCKSDB -> RocksDbSessionStore.open(RocksDbStoreConfig.builder(config.dataDirectory().resolve("store"))
                    .durability(config.durability()).clock(clock).build());
        };
    }

    /**
     * Starts the transport alone, with {@code handlers} in place of the broker core: for tests of the transport.
     */
    static RoostBroker start(BrokerConfig config, Clock clock, Function<Connection, ProtocolHandler> handlers) {
        createDataDirectory(config);
        NettyTransport transport = NettyTransport.bind(config, clock, handlers);
        return listening(new RoostBroker(config, transport, () -> { }, () -> { }, () -> { }));
    }

    /** The port the broker listens on; the actual one when the configuration asked for port 0. */
    public int port() {
        return transport.address().getPort();
    }

    /** The address the broker listens on, with the actual port. */
    public InetSocketAddress address() {
        return transport.address();
    }

    /** The configuration the broker was started with. */
    public BrokerConfig config() {
        return config;
    }

    /**
     * Stops the broker: stops accepting, lets the core say goodbye to every client and stop its lanes, closes what is
     * left of the connections and stops the I/O threads. Returns when all of that is done. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        transport.stopAccepting();
        closeCore.run();
        transport.close();
        closeStore.run();
        closeScheduler.run();
        LOG.debug("Roost on port {} closed", port());
    }

    private static RoostBroker listening(RoostBroker broker) {
        LOG.info("Roost listening on {}:{}, data in {} ({} store{})", broker.config.bindAddress(), broker.port(),
                broker.config.dataDirectory(), broker.config.storeEngine().name().toLowerCase(java.util.Locale.ROOT),
                broker.config.storeEngine() == BrokerConfig.StoreEngine.ROCKSDB
                        ? ", " + broker.config.durability().name().toLowerCase(java.util.Locale.ROOT) + " durability"
                        : "");
        return broker;
    }

    private static void createDataDirectory(BrokerConfig config) {
        Objects.requireNonNull(config, "config");
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            String reason = e instanceof FileAlreadyExistsException ? "a file of that name is in the way"
                    : e instanceof AccessDeniedException ? "permission denied" : e.toString();
            throw new UncheckedIOException("Cannot create the data directory " + config.dataDirectory() + ": "
                    + reason, e);
        }
    }
}
