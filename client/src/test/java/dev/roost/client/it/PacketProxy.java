package dev.roost.client.it;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.RawPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy between a client under test and a real broker on 127.0.0.1 that forwards whole MQTT packets and can
 * swallow chosen ones in either direction, or cut every connection at once. It lets a test leave exchanges open
 * (an acknowledgement that never arrives) against a broker that would otherwise complete them at once.
 *
 * <p>Thread-safe: rules may be changed while traffic flows. Each connection uses two daemon threads.
 */
final class PacketProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<RawPacket> dropped = new CopyOnWriteArrayList<>();
    private volatile Predicate<RawPacket> dropUpstream = p -> false;
    private volatile Predicate<RawPacket> dropDownstream = p -> false;

    PacketProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Packets from the client that match are not forwarded to the broker. */
    PacketProxy dropUpstream(Predicate<RawPacket> rule) {
        dropUpstream = rule;
        return this;
    }

    /** Packets from the broker that match are not forwarded to the client. */
    PacketProxy dropDownstream(Predicate<RawPacket> rule) {
        dropDownstream = rule;
        return this;
    }

    /** Forward everything from now on. */
    PacketProxy passAll() {
        return dropUpstream(p -> false).dropDownstream(p -> false);
    }

    /** @return the packets swallowed so far, in both directions */
    List<RawPacket> dropped() {
        return List.copyOf(dropped);
    }

    static Predicate<RawPacket> type(PacketType type) {
        return p -> p.is(type);
    }

    /** Closes every proxied connection at once, both ends, like a network failure; new connections still come. */
    void cutAll() {
        for (Socket socket : sockets) {
            try {
                if (!socket.isClosed()) {
                    socket.setSoLinger(true, 0);
                }
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        sockets.clear();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cutAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket();
                broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                pump(client, broker, true);
                pump(broker, client, false);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean upstream) {
        Thread thread = new Thread(() -> {
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                RawPacket packet;
                while ((packet = Frames.read(in)) != null) {
                    if ((upstream ? dropUpstream : dropDownstream).test(packet)) {
                        dropped.add(packet);
                    } else {
                        out.write(packet.bytes());
                        out.flush();
                    }
                }
            } catch (IOException e) {
                LoggerFactory.getLogger(PacketProxy.class).debug("proxied connection ended: {}", e.toString());
            } catch (RuntimeException | AssertionError e) {
                LoggerFactory.getLogger(PacketProxy.class).error("proxy failed", e);
            }
        }, "proxy-" + (upstream ? "up-" : "down-") + from.getPort());
        thread.setDaemon(true);
        thread.start();
    }
}
