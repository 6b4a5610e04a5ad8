package dev.roost.client.it;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.RawPacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A fake MQTT server on 127.0.0.1 that a test scripts byte by byte: accept a connection, read what the client sent
 * (as {@link RawPacket}s), answer with {@link dev.roost.testkit.PacketBytes}, drop the connection when the scenario
 * says so. Every wait is bounded by a socket timeout. Not thread-safe: the test thread drives it.
 */
final class ScriptedBroker implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final ServerSocket server;

    ScriptedBroker() {
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** @throws AssertionError when no client connects within {@link #WAIT} */
    Peer accept() {
        Peer peer = accept(WAIT);
        if (peer == null) {
            throw new AssertionError("no connection within " + WAIT);
        }
        return peer;
    }

    /** @return the next connection, or {@code null} when none comes within {@code timeout} */
    Peer accept(Duration timeout) {
        try {
            server.setSoTimeout((int) timeout.toMillis());
            Socket socket = server.accept();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) WAIT.toMillis());
            return new Peer(socket);
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's end of one client connection. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** @throws AssertionError when no whole packet arrives within {@link #WAIT} or the client closed */
        RawPacket receive() {
            try {
                RawPacket packet = Frames.read(in);
                if (packet == null) {
                    throw new AssertionError("the client closed the connection");
                }
                return packet;
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no packet from the client within " + WAIT, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        RawPacket receive(PacketType expected) {
            return receive().expectType(expected);
        }

        /** Asserts that no packet arrives within {@code window}. */
        void expectNothing(Duration window) {
            try {
                socket.setSoTimeout((int) window.toMillis());
                RawPacket packet = Frames.read(in);
                throw new AssertionError("expected silence but received " + packet);
            } catch (SocketTimeoutException e) {
                setTimeout(WAIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** @return {@code true} when the client closes the connection within {@link #WAIT} (packets are skipped) */
        boolean awaitClosed() {
            try {
                RawPacket skipped;
                do {
                    skipped = Frames.read(in);
                } while (skipped != null);
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }

        void send(byte[]... packets) {
            try {
                for (byte[] packet : packets) {
                    out.write(packet);
                }
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Drops the connection with a reset, as a failing network or server would. */
        void drop() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void setTimeout(Duration timeout) {
            try {
                socket.setSoTimeout((int) timeout.toMillis());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
