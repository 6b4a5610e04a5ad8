package dev.roost.client;

import dev.roost.client.session.BrokerAddress;
import dev.roost.client.session.ClientSessionState;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.client.session.SessionChange;
import dev.roost.client.session.SessionData;
import dev.roost.client.session.SessionStateText;
import dev.roost.client.session.SessionStoreException;
import dev.roost.client.session.StoredSession;
import dev.roost.codec.MqttPipeline;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which session the client uses and what happens to it as a whole: chosen from the store on first use (see
 * {@link ClientConfig}), updated when a CONNACK accepts a connection (assigned client id, expiry), exported, restored.
 *
 * <p>Not thread-safe: owned by the client's I/O thread.
 */
final class SessionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(SessionKeeper.class);

    private final ClientConfig config;
    private final ClientSessionStore store;
    private final Executor loop;
    private final Flows flows;
    private final Consumer<SessionStoreException> onStoreFailure;
    private SessionRuntime session;
    private boolean cleanStartPending;

    SessionKeeper(ClientConfig config, ClientSessionStore store, Executor loop, Flows flows,
                  Consumer<SessionStoreException> onStoreFailure) {
        this.config = config;
        this.store = store;
        this.loop = loop;
        this.flows = flows;
        this.onStoreFailure = onStoreFailure;
    }

    /** Picks the session from the store on first use. */
    void ensureSession() {
        if (session != null) {
            return;
        }
        BrokerAddress broker = config.broker();
        MqttVersion version = config.version();
        StoredSession stored;
        if (config.clientId() != null) {
            stored = store.forClientId(broker, config.clientId(), version);
        } else if (config.serverAssignedClientId() && !store.hasAny(broker)) {
            stored = store.createNullSession(broker, version);
        } else {
            stored = store.lastUsed(broker, version);
        }
        if (stored.state().isNullSession() && !version.isV5()) {
            throw new IllegalStateException("The last used session of " + broker + " is a null session, which needs"
                    + " MQTT 5.0 (a 3.1.1 server cannot tell the client the id it assigns). Connect with MQTT 5.0 or"
                    + " choose a client id.");
        }
        attach(stored);
        cleanStartPending = config.cleanStart();
    }

    private void attach(StoredSession stored) {
        session = new SessionRuntime(stored, loop, onStoreFailure);
        flows.attach(session);
    }

    SessionData data() {
        return session.data();
    }

    void apply(SessionChange change) {
        session.apply(change);
    }

    /** @return {@code false} when the store failed (already reported) */
    boolean syncNow() {
        return session == null || session.syncNow();
    }

    /**
     * @return the CONNECT for the session: its client id ({@code ""} for a null session), Clean Start only until the
     *     first connection is accepted, and the configured options
     */
    Connect connectPacket() {
        MqttVersion version = config.version();
        ConnectProperties properties = !version.isV5() ? ConnectProperties.DEFAULTS : new ConnectProperties(
                config.sessionExpiry().getSeconds(), config.receiveMaximum(),
                config.maximumPacketSize() < MqttPipeline.MAX_PACKET_SIZE ? config.maximumPacketSize() : 0, 0,
                false, true, List.of(), null, null);
        return new Connect(version, session.data().clientId(), cleanStartPending,
                (int) config.keepAlive().getSeconds(), config.username(), config.password(), config.will(),
                properties);
    }

    /**
     * Records what a successful CONNACK settled: the id assigned to a null session, the expiry interval.
     *
     * @return whether the server assigned the client id now
     * @throws ProtocolViolation when the server accepted a null session without assigning an id [MQTT-3.2.2-16]
     */
    boolean onAccepted(ConnAck connAck) {
        boolean wasNull = session.data().clientId().isEmpty();
        if (wasNull) {
            String assigned = connAck.properties().assignedClientIdentifier();
            if (assigned == null || assigned.isEmpty()) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.2.2-16",
                        "the server accepted an empty client id without assigning one");
            }
            session.apply(new SessionChange.ClientIdAssigned(assigned));
        }
        long interval = 0;
        if (config.version().isV5()) {
            Long granted = connAck.properties().sessionExpiryIntervalSeconds();
            interval = granted != null ? granted : config.sessionExpiry().getSeconds();
        }
        session.apply(new SessionChange.Connected(config.version(), interval, deadline(interval)));
        cleanStartPending = false;
        return wasNull;
    }

    /** @return when the server may drop the session if the connection ended now; {@code null}: never or unknown */
    Instant expiryDeadline() {
        return deadline(session.data().sessionExpiryIntervalSeconds());
    }

    private Instant deadline(long intervalSeconds) {
        if (!session.data().version().isV5() || intervalSeconds == ConnectProperties.SESSION_NEVER_EXPIRES) {
            return null;
        }
        return config.clock().instant().plusSeconds(intervalSeconds);
    }

    ClientSessionState snapshot() {
        ensureSession();
        return session.data().snapshot();
    }

    /** @return the session as text; also written to the session-state file when one is configured */
    String export() {
        String text = SessionStateText.encode(snapshot());
        Path file = config.sessionStateFile();
        if (file != null) {
            writeAtomically(file, text);
        }
        return text;
    }

    /**
     * Replaces the session with an exported one (the session-state file's content when that file exists). Later
     * connects do not ask for Clean Start.
     *
     * @param connectedClientId the id of the accepted connection, or {@code null} when not connected
     */
    ClientSessionState restore(String text, String connectedClientId) {
        Path file = config.sessionStateFile();
        String source = text;
        if (file != null && Files.exists(file)) {
            source = read(file);
        }
        if (source == null) {
            throw new IllegalArgumentException("nothing to restore: no text given and no session-state file");
        }
        ClientSessionState state = SessionStateText.decode(source);
        if (!state.broker().equals(config.broker())) {
            LOG.info("Restoring a session exported for {} as a session of {}", state.broker(), config.broker());
            state = state.withIdentity(config.broker(), state.clientId());
        }
        if (config.clientId() != null && !config.clientId().equals(state.clientId())) {
            throw new IllegalArgumentException("the exported session is client id '" + state.clientId()
                    + "', this client is configured for '" + config.clientId() + "'");
        }
        if (connectedClientId != null && !connectedClientId.equals(state.clientId())) {
            throw new IllegalStateException("connected as '" + connectedClientId + "': only a session of that client"
                    + " id can be restored now; disconnect first to restore '" + state.clientId() + "'");
        }
        attach(store.restore(state));
        cleanStartPending = false;
        return session.data().snapshot();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the session-state file " + file + ": " + e, e);
        }
    }

    /** Write to a temporary file, fsync, rename over the old one: a crash leaves the old text or the new one. */
    private static void writeAtomically(Path file, String text) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the session-state file " + file + ": " + e, e);
        }
    }
}
