package dev.roost.interop;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Roost broker per test class, on {@code 127.0.0.1} and an ephemeral port, with its data in a fresh
 * temporary directory. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RoostBrokerExtension BROKER = new RoostBrokerExtension();
 * ... BROKER.port() ...
 * }</pre>
 *
 * <p>It also hands out {@link KillableProxy proxies} to the broker and unique names, and closes the proxies and the
 * broker after the class. Thread-safe once started; {@link #port()} fails before {@code beforeAll}.
 */
public final class RoostBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private final AtomicInteger names = new AtomicInteger();
    private final List<KillableProxy> proxies = new CopyOnWriteArrayList<>();
    private volatile RoostBroker broker;
    private volatile Path dataDirectory;
    private volatile String runTag;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            return; // @Nested classes share the broker of their enclosing class
        }
        dataDirectory = Files.createTempDirectory("roost-interop-");
        runTag = Long.toString(System.nanoTime() & 0xFFFFFF, 36);
        broker = RoostBroker.start(BrokerConfig.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .dataDirectory(dataDirectory)
                .build());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (context.getRequiredTestClass().getEnclosingClass() != null && context.getRequiredTestClass()
                .isAnnotationPresent(Nested.class)) {
            return; // the enclosing class closes it
        }
        try {
            proxies.forEach(KillableProxy::close);
            proxies.clear();
            if (broker != null) {
                broker.close();
            }
        } finally {
            broker = null;
            deleteRecursively(dataDirectory);
        }
    }

    /** The broker's port. */
    public int port() {
        RoostBroker running = broker;
        if (running == null) {
            throw new IllegalStateException("the broker is not running: register the extension on a static field");
        }
        return running.port();
    }

    /** A new proxy to the broker, closed after the class. */
    public KillableProxy proxy() {
        KillableProxy proxy = KillableProxy.forwardingTo(port());
        proxies.add(proxy);
        return proxy;
    }

    /** A name unique within this broker's life, e.g. for a client id or a topic level: {@code prefix-<run>-<n>}. */
    public String unique(String prefix) {
        return prefix + "-" + runTag + "-" + names.incrementAndGet();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + path, e);
                }
            });
        }
    }
}
