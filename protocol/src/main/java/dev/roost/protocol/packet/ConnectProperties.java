package dev.roost.protocol.packet;

import dev.roost.protocol.UserProperty;
import java.util.List;

/**
 * MQTT 5.0 CONNECT properties (3.1.2.11), with the spec's defaults where a property is absent. For 3.1.1 peers the codec
 * supplies {@link #DEFAULTS}.
 *
 * @param sessionExpiryIntervalSeconds 0 when absent; 0xFFFFFFFF means never
 * @param receiveMaximum 65535 when absent
 * @param maximumPacketSize 0 when absent (no limit beyond the protocol's)
 * @param topicAliasMaximum 0 when absent
 */
public record ConnectProperties(
        long sessionExpiryIntervalSeconds,
        int receiveMaximum,
        long maximumPacketSize,
        int topicAliasMaximum,
        boolean requestResponseInformation,
        boolean requestProblemInformation,
        List<UserProperty> userProperties,
        String authenticationMethod,
        byte[] authenticationData) {

    public static final long SESSION_NEVER_EXPIRES = 0xFFFFFFFFL;

    public static final ConnectProperties DEFAULTS =
            new ConnectProperties(0, 65535, 0, 0, false, true, List.of(), null, null);

    public ConnectProperties {
        userProperties = List.copyOf(userProperties);
    }

    public ConnectProperties withSessionExpiryIntervalSeconds(long seconds) {
        return new ConnectProperties(seconds, receiveMaximum, maximumPacketSize, topicAliasMaximum,
                requestResponseInformation, requestProblemInformation, userProperties, authenticationMethod,
                authenticationData);
    }
}
