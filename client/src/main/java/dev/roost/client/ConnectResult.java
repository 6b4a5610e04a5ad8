package dev.roost.client;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.ConnAckProperties;
import java.util.Objects;

/**
 * What the server answered to a successful CONNECT.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sessionPresent the CONNACK's Session Present flag: {@code true} when the server resumed the session, so the
 *     client resent what was in flight; {@code false} when it started a new one, so the client discarded its protocol
 *     session state (reported in {@link #discarded()}) and re-subscribed its handlers' filters
 * @param clientId the client id in use: the one chosen, or the one the server assigned to a null session
 * @param clientIdAssigned {@code true} when the server assigned {@link #clientId()} on this connection
 * @param version the protocol version spoken
 * @param properties the CONNACK's MQTT 5.0 properties ({@link ConnAckProperties#NONE} for 3.1.1)
 * @param discarded what Session Present 0 made the client discard; {@link DiscardedSessionState#isEmpty() empty}
 *     otherwise
 */
public record ConnectResult(boolean sessionPresent, String clientId, boolean clientIdAssigned, MqttVersion version,
                            ConnAckProperties properties, DiscardedSessionState discarded) {
    public ConnectResult {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(discarded, "discarded");
    }
}
