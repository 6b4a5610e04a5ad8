package dev.roost.protocol.packet;

import dev.roost.protocol.UserProperty;
import java.util.List;

/**
 * The MQTT 5.0 properties that belong to an application message and travel with it from publisher to subscriber
 * (3.3.2.3): they are passed through unchanged, except the expiry interval, which the broker lowers by the time the
 * message waited. Also used for a will's properties (3.1.3.2). Nullable fields are absent when {@code null}.
 *
 * @param payloadFormatIndicator 0 unspecified bytes, 1 UTF-8; {@code null} when absent
 * @param messageExpiryIntervalSeconds {@code null} when the message does not expire
 */
public record MessageProperties(
        Integer payloadFormatIndicator,
        Long messageExpiryIntervalSeconds,
        String contentType,
        String responseTopic,
        byte[] correlationData,
        List<UserProperty> userProperties) {

    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, null, List.of());

    public MessageProperties {
        userProperties = List.copyOf(userProperties);
    }

    public MessageProperties withMessageExpiryIntervalSeconds(Long seconds) {
        return new MessageProperties(payloadFormatIndicator, seconds, contentType, responseTopic, correlationData,
                userProperties);
    }

    public boolean isEmpty() {
        return payloadFormatIndicator == null && messageExpiryIntervalSeconds == null && contentType == null
                && responseTopic == null && correlationData == null && userProperties.isEmpty();
    }
}
