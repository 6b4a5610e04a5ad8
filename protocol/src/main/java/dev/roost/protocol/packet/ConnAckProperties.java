package dev.roost.protocol.packet;

import dev.roost.protocol.UserProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT 5.0 CONNACK properties (3.2.2.3). A {@code null} field is absent from the packet, which means the spec's default.
 */
public record ConnAckProperties(
        Long sessionExpiryIntervalSeconds,
        Integer receiveMaximum,
        Integer maximumQos,
        Boolean retainAvailable,
        Long maximumPacketSize,
        String assignedClientIdentifier,
        Integer topicAliasMaximum,
        String reasonString,
        List<UserProperty> userProperties,
        Boolean wildcardSubscriptionAvailable,
        Boolean subscriptionIdentifiersAvailable,
        Boolean sharedSubscriptionAvailable,
        Integer serverKeepAliveSeconds,
        String responseInformation,
        String serverReference,
        String authenticationMethod,
        byte[] authenticationData) {

    public static final ConnAckProperties NONE = builder().build();

    public ConnAckProperties {
        userProperties = List.copyOf(userProperties);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ConnAckProperties}; every property starts absent. */
    public static final class Builder {
        private Long sessionExpiryIntervalSeconds;
        private Integer receiveMaximum;
        private Integer maximumQos;
        private Boolean retainAvailable;
        private Long maximumPacketSize;
        private String assignedClientIdentifier;
        private Integer topicAliasMaximum;
        private String reasonString;
        private final List<UserProperty> userProperties = new ArrayList<>();
        private Boolean wildcardSubscriptionAvailable;
        private Boolean subscriptionIdentifiersAvailable;
        private Boolean sharedSubscriptionAvailable;
        private Integer serverKeepAliveSeconds;
        private String responseInformation;
        private String serverReference;
        private String authenticationMethod;
        private byte[] authenticationData;

        public Builder sessionExpiryIntervalSeconds(Long v) { sessionExpiryIntervalSeconds = v; return this; }
        public Builder receiveMaximum(Integer v) { receiveMaximum = v; return this; }
        public Builder maximumQos(Integer v) { maximumQos = v; return this; }
        public Builder retainAvailable(Boolean v) { retainAvailable = v; return this; }
        public Builder maximumPacketSize(Long v) { maximumPacketSize = v; return this; }
        public Builder assignedClientIdentifier(String v) { assignedClientIdentifier = v; return this; }
        public Builder topicAliasMaximum(Integer v) { topicAliasMaximum = v; return this; }
        public Builder reasonString(String v) { reasonString = v; return this; }
        public Builder userProperty(UserProperty v) { userProperties.add(v); return this; }
        public Builder wildcardSubscriptionAvailable(Boolean v) { wildcardSubscriptionAvailable = v; return this; }
        public Builder subscriptionIdentifiersAvailable(Boolean v) { subscriptionIdentifiersAvailable = v; return this; }
        public Builder sharedSubscriptionAvailable(Boolean v) { sharedSubscriptionAvailable = v; return this; }
        public Builder serverKeepAliveSeconds(Integer v) { serverKeepAliveSeconds = v; return this; }
        public Builder responseInformation(String v) { responseInformation = v; return this; }
        public Builder serverReference(String v) { serverReference = v; return this; }
        public Builder authenticationMethod(String v) { authenticationMethod = v; return this; }
        public Builder authenticationData(byte[] v) { authenticationData = v; return this; }

        public ConnAckProperties build() {
            return new ConnAckProperties(sessionExpiryIntervalSeconds, receiveMaximum, maximumQos, retainAvailable,
                    maximumPacketSize, assignedClientIdentifier, topicAliasMaximum, reasonString, userProperties,
                    wildcardSubscriptionAvailable, subscriptionIdentifiersAvailable, sharedSubscriptionAvailable,
                    serverKeepAliveSeconds, responseInformation, serverReference, authenticationMethod,
                    authenticationData);
        }
    }
}
