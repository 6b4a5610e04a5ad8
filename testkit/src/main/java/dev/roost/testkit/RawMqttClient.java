package dev.roost.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * A byte-level MQTT peer over a blocking TCP socket, for tests that must send exactly the bytes they mean (malformed
 * ones included) and see exactly the bytes a broker answers. It never interprets what it sends and frames what it
 * receives only by the fixed header, so it can also watch a broker misbehave.
 *
 * <p>Received bytes are kept in a buffer across waits: a timeout never loses half a packet. Every wait is bounded by
 * a socket read timeout, never a sleep. Expectation failures are {@link AssertionError}s naming the peer and what was
 * received so far; I/O failures other than the peer closing are {@link UncheckedIOException}s.
 *
 * <p>Not thread-safe: one test thread drives one client. Close it (try-with-resources).
 */
public final class RawMqttClient implements AutoCloseable {
    /** The timeout of {@link #connect(String, int)} and {@link #receive()}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final int HISTORY = 8;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;
    private byte[] buffer = new byte[8192];
    private int buffered;
    private String peerCloseCause;
    private final List<RawPacket> drained = new ArrayList<>();
    private final List<String> recent = new ArrayList<>();

    private RawMqttClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.peer = socket.getRemoteSocketAddress().toString();
    }

    /** Connects with {@link #DEFAULT_TIMEOUT}. */
    public static RawMqttClient connect(String host, int port) {
        return connect(host, port, DEFAULT_TIMEOUT);
    }

    /** @throws UncheckedIOException if the TCP connection cannot be made within {@code timeout} */
    public static RawMqttClient connect(String host, int port, Duration timeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), toMillis(timeout));
            return new RawMqttClient(socket);
        } catch (IOException e) {
            closeQuietlyAfter(socket, e);
            throw new UncheckedIOException("cannot connect to " + host + ":" + port, e);
        }
    }

    /** Writes the arrays back to back and flushes: one array may hold several packets or half of one. */
    public RawMqttClient send(byte[]... chunks) {
        try {
            for (byte[] chunk : chunks) {
                out.write(chunk);
            }
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send to " + peer + " (" + describeState() + ")", e);
        }
    }

    /** {@link #receive(Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public RawPacket receive() {
        return receive(DEFAULT_TIMEOUT);
    }

    /**
     * Reads exactly one packet.
     *
     * @throws AssertionError if none is complete within {@code timeout}, the peer closed first, or the Remaining
     *     Length is malformed
     */
    public RawPacket receive(Duration timeout) {
        RawPacket packet = next(deadline(timeout));
        if (packet == null) {
            throw new AssertionError((peerCloseCause != null ? "connection closed by the peer" : "no MQTT packet within "
                    + timeout) + " from " + peer + "; " + describeState());
        }
        return packet;
    }

    /**
     * Reads packets until one matches, discarding the others (e.g. PINGRESP).
     *
     * @throws AssertionError if no matching packet arrives within {@code timeout} or the peer closes first
     */
    public RawPacket receiveUntil(Predicate<RawPacket> wanted, Duration timeout) {
        long deadline = deadline(timeout);
        while (true) {
            RawPacket packet = next(deadline);
            if (packet == null) {
                throw new AssertionError("no matching MQTT packet within " + timeout + " from " + peer + "; "
                        + describeState());
            }
            if (wanted.test(packet)) {
                return packet;
            }
        }
    }

    /**
     * Waits for the peer to close the connection (end of stream or reset), collecting any packets that arrive
     * meanwhile into {@link #drained()}.
     *
     * @return true if the peer closed within {@code timeout}
     */
    public boolean awaitClosed(Duration timeout) {
        requireOpenLocally();
        long deadline = deadline(timeout);
        RawPacket packet;
        while ((packet = next(deadline)) != null) {
            drained.add(packet);
        }
        return peerCloseCause != null;
    }

    /** @return the packets {@link #awaitClosed} collected, over all calls, in arrival order. */
    public List<RawPacket> drained() {
        return List.copyOf(drained);
    }

    /**
     * Asserts silence: no packet completes within {@code window}. Bytes of an incomplete packet stay buffered.
     *
     * @throws AssertionError if a packet arrives or the peer closes within the window
     */
    public void expectNoPacket(Duration window) {
        RawPacket packet = next(deadline(window));
        if (packet != null) {
            throw new AssertionError("expected no packet within " + window + " from " + peer + " but received "
                    + packet);
        }
        if (peerCloseCause != null) {
            throw new AssertionError("expected silence within " + window + " but the peer " + peer
                    + " closed the connection; " + describeState());
        }
    }

    /** @return true once the peer was seen closing, or after {@link #close()}. */
    public boolean isClosed() {
        return peerCloseCause != null || socket.isClosed();
    }

    /** Closes with a TCP reset (SO_LINGER 0), like a crashed client, so the broker sees no orderly FIN. */
    public void closeWithReset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot arm a reset on " + peer, e);
        }
        close();
    }

    /** Closes the socket; idempotent. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the connection to " + peer, e);
        }
    }

    @Override
    public String toString() {
        return "RawMqttClient[" + peer + ", " + describeState() + "]";
    }

    /** The next buffered or arriving packet, or null on deadline or peer close (then peerCloseCause is set). */
    private RawPacket next(long deadlineNanos) {
        requireOpenLocally();
        while (true) {
            PacketFramer.Framed framed = PacketFramer.tryFrame(buffer, 0, buffered);
            if (framed != null) {
                System.arraycopy(buffer, framed.length(), buffer, 0, buffered - framed.length());
                buffered -= framed.length();
                remember(framed.packet());
                return framed.packet();
            }
            if (peerCloseCause != null) {
                return null;
            }
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos <= 0 || !fill(remainingNanos)) {
                return null;
            }
        }
    }

    /** Reads what arrives within the time left; false on timeout. */
    private boolean fill(long remainingNanos) {
        if (buffered == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (remainingNanos + 999_999) / 1_000_000)));
            int read = in.read(buffer, buffered, buffer.length - buffered);
            if (read < 0) {
                peerCloseCause = "end of stream";
            } else {
                buffered += read;
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            if (socket.isClosed()) {
                throw new IllegalStateException("the client was closed during a read", e);
            }
            peerCloseCause = String.valueOf(e.getMessage());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read from " + peer, e);
        }
    }

    private void remember(RawPacket packet) {
        if (recent.size() == HISTORY) {
            recent.remove(0);
        }
        String type = packet.packetType() == null ? "RESERVED" : packet.packetType().name();
        recent.add(type);
    }

    private String describeState() {
        StringBuilder sb = new StringBuilder();
        sb.append(peerCloseCause != null ? "peer closed (" + peerCloseCause + ")"
                : socket.isClosed() ? "closed locally" : "open");
        sb.append(", last received ").append(recent.isEmpty() ? "nothing" : recent);
        if (buffered > 0) {
            sb.append(", ").append(buffered).append(" bytes of an incomplete packet ").append(Hex.of(buffer, 0,
                    buffered));
        }
        return sb.toString();
    }

    private void requireOpenLocally() {
        if (socket.isClosed()) {
            throw new IllegalStateException("RawMqttClient to " + peer + " is closed");
        }
    }

    private static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    private static int toMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    private static void closeQuietlyAfter(Socket socket, IOException cause) {
        try {
            socket.close();
        } catch (IOException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
