package dev.roost.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on loopback that forwards every accepted connection to a target port, and can cut all of them at once
 * the way a crashed process or a pulled cable would: {@link #killAll()} resets both sides (SO_LINGER 0), so neither
 * the client nor the broker sees an MQTT DISCONNECT or an orderly FIN. That is how the interop tests make a
 * third-party client lose its connection abnormally without relying on the library's own "forcible" disconnect.
 *
 * <p>Thread-safe. Each connection is pumped by two daemon threads of the proxy's own pool; {@link #close()} stops
 * accepting, kills what is left and stops the pool. Connections made after {@link #killAll()} are forwarded normally.
 */
public final class KillableProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KillableProxy.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final int targetPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "killable-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private KillableProxy(int targetPort, ServerSocket server) {
        this.targetPort = targetPort;
        this.server = server;
    }

    /** Starts a proxy on {@code 127.0.0.1}, on a free port, that forwards to {@code 127.0.0.1:targetPort}. */
    public static KillableProxy forwardingTo(int targetPort) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            KillableProxy proxy = new KillableProxy(targetPort, server);
            proxy.threads.execute(proxy::acceptLoop);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a proxy port on loopback", e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** How many connections the proxy has accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Resets every open connection on both sides; returns how many were cut. */
    public int killAll() {
        int killed = 0;
        for (Link link : links) {
            link.reset();
            killed++;
        }
        return killed;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the proxy port " + port(), e);
        } finally {
            killAll();
            threads.shutdownNow();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // close() ended the loop
                }
                throw new UncheckedIOException("proxy accept failed on port " + port(), e);
            }
            accepted.incrementAndGet();
            Socket broker = new Socket();
            try {
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                        CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                new Link(client, broker).reset(); // the client sees a reset, as if the broker were down
                continue;
            }
            Link link = new Link(client, broker);
            links.add(link);
            threads.execute(() -> link.pump(client, broker));
            threads.execute(() -> link.pump(broker, client));
        }
    }

    /** One proxied connection: the client's socket and the socket to the broker. */
    private final class Link {
        private final Socket client;
        private final Socket broker;

        Link(Socket client, Socket broker) {
            this.client = client;
            this.broker = broker;
        }

        /** Copies bytes from one side to the other until either ends; then closes both in the orderly way. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
                close(to);
                close(from);
            } catch (IOException e) {
                // A reset on either side (often our own killAll): the other side must see it as a reset too.
                reset();
            } finally {
                links.remove(this);
            }
        }

        void reset() {
            links.remove(this);
            abort(client);
            abort(broker);
        }

        private void abort(Socket socket) {
            try {
                if (!socket.isClosed()) {
                    socket.setSoLinger(true, 0);
                }
            } catch (SocketException e) {
                // Already broken by the other pump: closing is all that is left to do.
                LOG.debug("cannot arm a reset on {}: {}", socket, e.toString());
            }
            close(socket);
        }

        private void close(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close a proxied socket", e);
            }
        }
    }
}
