package dev.roost.protocol.packet;

import dev.roost.protocol.Qos;
import java.util.Objects;

/**
 * The will message of a CONNECT (3.1.2.5, 3.1.3.2).
 *
 * @param delayIntervalSeconds MQTT 5.0 Will Delay Interval; 0 for 3.1.1
 */
public record Will(String topic, byte[] payload, Qos qos, boolean retain, long delayIntervalSeconds,
                   MessageProperties properties) {
    public Will {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(properties, "properties");
    }
}
