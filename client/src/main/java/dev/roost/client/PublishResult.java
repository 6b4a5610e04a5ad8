package dev.roost.client;

import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/**
 * How a publish ended: written (QoS 0), acknowledged by PUBACK (QoS 1) or completed by PUBCOMP (QoS 2). A publish the
 * server refused completes exceptionally with {@link PublishRejectedException} instead.
 *
 * <p>Immutable and thread-safe.
 *
 * @param qos the message's QoS
 * @param reasonCode {@link ReasonCode#SUCCESS}, or {@link ReasonCode#NO_MATCHING_SUBSCRIBERS} from an MQTT 5.0 server
 * @param reasonString the server's Reason String, or {@code null}
 */
public record PublishResult(Qos qos, ReasonCode reasonCode, String reasonString) {
    public PublishResult {
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(reasonCode, "reasonCode");
    }
}
