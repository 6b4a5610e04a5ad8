package dev.roost.client;

import dev.roost.protocol.ReasonCode;
import java.util.List;

/**
 * The UNSUBACK of an unsubscribe: one reason code per filter for MQTT 5.0 ({@code SUCCESS}, {@code
 * NO_SUBSCRIPTION_EXISTED} or an error); all {@code SUCCESS} for 3.1.1, whose UNSUBACK carries none.
 *
 * <p>Immutable and thread-safe.
 */
public record UnsubscribeResult(List<ReasonCode> reasonCodes) {
    public UnsubscribeResult {
        reasonCodes = List.copyOf(reasonCodes);
    }
}
