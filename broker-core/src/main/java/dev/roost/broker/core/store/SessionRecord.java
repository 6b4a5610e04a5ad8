package dev.roost.broker.core.store;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.Will;
import java.time.Instant;
import java.util.Objects;

/**
 * The small, fixed part of a session as stored: everything but its subscriptions, log and inbound QoS 2 ids.
 *
 * @param expiryIntervalSeconds 0xFFFFFFFF for never
 * @param disconnectedAt when the last connection was lost; {@code null} while connected. With the expiry interval it
 *     gives the session's expiry deadline, and with the will's delay the will's due time.
 * @param will the pending will message, or {@code null}
 */
public record SessionRecord(String clientId, MqttVersion version, long expiryIntervalSeconds, Instant disconnectedAt,
                            Will will) {
    public SessionRecord {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(version, "version");
    }
}
