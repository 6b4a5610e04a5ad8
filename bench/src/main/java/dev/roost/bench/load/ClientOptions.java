package dev.roost.bench.load;

import dev.roost.protocol.MqttVersion;
import java.time.Duration;
import java.util.Objects;

/**
 * How one {@link LoadClient} connects. Immutable.
 *
 * @param clientId never {@code null}
 * @param cleanStart Clean Start (5.0) or Clean Session (3.1.1)
 * @param sessionExpirySeconds 5.0 Session Expiry Interval; ignored for 3.1.1, where {@code cleanStart = false} alone
 *     makes a session persistent
 * @param keepAliveSeconds 0 disables keep-alive; otherwise the client pings every half interval
 * @param receiveMaximum what the client announces (5.0): how many QoS 1/2 PUBLISH the broker may have in flight to it
 * @param inflightWindow the most QoS 1/2 PUBLISH this client keeps unacknowledged; lowered to the broker's Receive
 *     Maximum when its CONNACK announces a smaller one
 * @param connectTimeout how long the TCP connect plus CONNACK may take
 */
public record ClientOptions(String clientId, MqttVersion version, boolean cleanStart, long sessionExpirySeconds,
                            int keepAliveSeconds, int receiveMaximum, int inflightWindow, Duration connectTimeout) {
    public ClientOptions {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum must be 1 to 65535: " + receiveMaximum);
        }
        if (inflightWindow < 1 || inflightWindow > 65_535) {
            throw new IllegalArgumentException("inflightWindow must be 1 to 65535: " + inflightWindow);
        }
    }

    /** A clean, non-persistent client with a 60 s keep-alive and the widest windows. */
    public static ClientOptions clean(String clientId, MqttVersion version, Duration connectTimeout) {
        return new ClientOptions(clientId, version, true, 0, 60, 65_535, 65_535, connectTimeout);
    }

    public ClientOptions withClientId(String id) {
        return new ClientOptions(id, version, cleanStart, sessionExpirySeconds, keepAliveSeconds, receiveMaximum,
                inflightWindow, connectTimeout);
    }

    /** A persistent session ({@code cleanStart}: whether to discard an existing one first). */
    public ClientOptions persistent(boolean newCleanStart, long newSessionExpirySeconds) {
        return new ClientOptions(clientId, version, newCleanStart, newSessionExpirySeconds, keepAliveSeconds,
                receiveMaximum, inflightWindow, connectTimeout);
    }

    public ClientOptions withInflightWindow(int window) {
        return new ClientOptions(clientId, version, cleanStart, sessionExpirySeconds, keepAliveSeconds, receiveMaximum,
                window, connectTimeout);
    }
}
