package dev.roost.protocol.packet;

import dev.roost.protocol.UserProperty;
import java.util.List;

/** The Reason String and User Properties that most MQTT 5.0 acknowledgements may carry. */
public record ReasonProperties(String reasonString, List<UserProperty> userProperties) {
    public static final ReasonProperties NONE = new ReasonProperties(null, List.of());

    public ReasonProperties {
        userProperties = List.copyOf(userProperties);
    }

    public static ReasonProperties reason(String reasonString) {
        return new ReasonProperties(reasonString, List.of());
    }

    public boolean isEmpty() {
        return reasonString == null && userProperties.isEmpty();
    }
}
