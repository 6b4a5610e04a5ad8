package dev.roost.codec;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;

/**
 * The one syntax check of a topic name the codec makes for topics Netty does not check itself (will topic, response
 * topic): at least one character [MQTT-4.7.3-1] and no wildcard [MQTT-4.7.1-1]. Everything else about topics is the
 * broker's business.
 */
final class TopicNames {
    private TopicNames() {
    }

    /** @throws ProtocolViolation MALFORMED_PACKET when {@code topic} is empty or holds a wildcard */
    static void requireValidName(String topic, String what) {
        if (topic.isEmpty()) {
            throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "MQTT-4.7.3-1", what + " must not be empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new ProtocolViolation(ReasonCode.MALFORMED_PACKET, "MQTT-4.7.1-1",
                    what + " must not contain wildcards: " + topic);
        }
    }
}
