package dev.roost.broker.core.connection;

import dev.roost.broker.core.BrokerSettings;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.topic.Topics;
import java.util.UUID;

/**
 * The CONNECT checks the codec cannot make, and the CONNACK that answers an accepted CONNECT: what the server grants
 * (session expiry, keep-alive) and what it supports (3.2.2.3). Pure: no state. Thread-safe.
 */
public final class ConnectNegotiation {
    private final BrokerSettings settings;

    public ConnectNegotiation(BrokerSettings settings) {
        this.settings = settings;
    }

    /** @return the reason to refuse {@code connect} with, or {@code null} to accept it */
    public ReasonCode refusal(Connect connect) {
        MqttVersion v = connect.version();
        String id = connect.clientId();
        if (id.isEmpty() && (v == MqttVersion.V3_1 || (v == MqttVersion.V3_1_1 && !connect.cleanStart()))) {
            return ReasonCode.CLIENT_IDENTIFIER_NOT_VALID; // [MQTT-3.1.3-8]; 3.1 requires 1 to 23 characters
        }
        if (v.isV5() && connect.properties().authenticationMethod() != null) {
            return ReasonCode.BAD_AUTHENTICATION_METHOD; // no enhanced authentication methods are offered
        }
        if (connect.hasWill()) {
            try {
                Topics.validateTopicName(connect.will().topic());
            } catch (ProtocolViolation invalid) {
                return ReasonCode.TOPIC_NAME_INVALID;
            }
            if (connect.will().retain() && !settings.retainAvailable()) {
                return ReasonCode.RETAIN_NOT_SUPPORTED;
            }
        }
        return null;
    }

    /** The in-flight window toward a 3.1.1 client, which cannot announce a Receive Maximum. */
    public int v3InflightWindow() {
        return settings.v3InflightWindow();
    }

    /** A unique identifier for a client that sent an empty one [MQTT-3.1.3-6]. */
    public String assignClientId() {
        return "roost-" + UUID.randomUUID();
    }

    /** The keep-alive in force: the client's, lowered to the configured maximum (0 counts as infinite). */
    public int keepAliveSeconds(Connect connect) {
        int requested = connect.keepAliveSeconds();
        int max = settings.maxKeepAliveSeconds();
        return max > 0 && (requested == 0 || requested > max) ? max : requested;
    }

    public ConnAck connAck(Connect connect, boolean sessionPresent, long grantedExpirySeconds, String assignedId) {
        if (!connect.version().isV5()) {
            return new ConnAck(sessionPresent, ReasonCode.SUCCESS, ConnAckProperties.NONE);
        }
        int keepAlive = keepAliveSeconds(connect);
        ConnAckProperties properties = ConnAckProperties.builder()
                .sessionExpiryIntervalSeconds(
                        grantedExpirySeconds != connect.properties().sessionExpiryIntervalSeconds()
                                ? grantedExpirySeconds : null)
                .receiveMaximum(settings.receiveMaximum())
                .maximumPacketSize((long) settings.maximumPacketSize())
                .assignedClientIdentifier(assignedId)
                .topicAliasMaximum(settings.topicAliasMaximum())
                .retainAvailable(settings.retainAvailable())
                .wildcardSubscriptionAvailable(settings.wildcardSubscriptionAvailable())
                .subscriptionIdentifiersAvailable(settings.subscriptionIdentifiersAvailable())
                .sharedSubscriptionAvailable(settings.sharedSubscriptionAvailable())
                .serverKeepAliveSeconds(keepAlive != connect.keepAliveSeconds() ? keepAlive : null)
                .build();
        return new ConnAck(sessionPresent, ReasonCode.SUCCESS, properties);
    }
}
