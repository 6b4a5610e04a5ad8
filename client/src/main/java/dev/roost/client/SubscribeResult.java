package dev.roost.client;

import dev.roost.protocol.ReasonCode;
import java.util.List;

/**
 * The SUBACK of a subscribe: one reason code per filter, in order ({@code GRANTED_QOS_0..2} or an error code; a 3.1.1
 * failure is {@link ReasonCode#UNSPECIFIED_ERROR}). An error code does not fail the future: the handler stays
 * registered, and the application decides.
 *
 * <p>Immutable and thread-safe.
 */
public record SubscribeResult(List<ReasonCode> reasonCodes) {
    public SubscribeResult {
        reasonCodes = List.copyOf(reasonCodes);
    }

    /** @return {@code true} when every filter was granted */
    public boolean isGranted() {
        return reasonCodes.stream().noneMatch(ReasonCode::isError);
    }
}
