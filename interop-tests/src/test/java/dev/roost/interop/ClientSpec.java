package dev.roost.interop;

import java.util.Objects;

/**
 * How an {@link InteropClient} connects: to which port, with which client id, and with which session and will.
 * Immutable; the {@code with*} methods return variants.
 *
 * @param sessionExpirySeconds MQTT 5.0 Session Expiry Interval; for 3.1.1 clients only {@code cleanStart} counts
 * @param will the will message, or {@code null} for none
 */
public record ClientSpec(int port, String clientId, boolean cleanStart, long sessionExpirySeconds, Will will) {
    public ClientSpec {
        Objects.requireNonNull(clientId, "clientId");
    }

    /** A clean session that ends with the connection, without a will. */
    public static ClientSpec clean(int port, String clientId) {
        return new ClientSpec(port, clientId, true, 0, null);
    }

    /** A session that survives the connection: Clean Session / Clean Start 0 and, in 5.0, {@code expirySeconds}. */
    public static ClientSpec persistent(int port, String clientId, long expirySeconds) {
        return new ClientSpec(port, clientId, false, expirySeconds, null);
    }

    /** The same spec, connecting to another port (a {@link KillableProxy}'s). */
    public ClientSpec withPort(int otherPort) {
        return new ClientSpec(otherPort, clientId, cleanStart, sessionExpirySeconds, will);
    }

    public ClientSpec withWill(String topic, String payload, int qos, boolean retain) {
        return new ClientSpec(port, clientId, cleanStart, sessionExpirySeconds, new Will(topic, payload, qos, retain));
    }

    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** A will message. */
    public record Will(String topic, String payload, int qos, boolean retain) {
        public Will {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
        }
    }
}
