package dev.roost.broker.core.session;

import dev.roost.broker.core.connection.Connection;
import dev.roost.protocol.MqttVersion;
import java.util.HashMap;
import java.util.Map;

/**
 * What is valid for one network connection of a session and ends with it: the transport, the limits the client
 * announced, and the topic alias mappings in both directions.
 *
 * <p>Not thread-safe: owned by the session's lane.
 */
public final class ConnectionState {
    private final Connection connection;
    private final MqttVersion version;
    private final int receiveMaximum;
    private final long maximumPacketSize;
    private final int topicAliasMaximum;
    // Created on first use: most clients use no topic aliases.
    private Map<String, Integer> outboundAliases;
    private Map<Integer, String> inboundAliases;

    /**
     * @param receiveMaximum how many QoS 1/2 PUBLISH packets the client accepts unacknowledged
     * @param maximumPacketSize the client's limit in bytes; 0 for none
     * @param topicAliasMaximum the highest alias the client accepts from the broker; 0 for none
     */
    public ConnectionState(Connection connection, MqttVersion version, int receiveMaximum, long maximumPacketSize,
                           int topicAliasMaximum) {
        this.connection = connection;
        this.version = version;
        this.receiveMaximum = receiveMaximum;
        this.maximumPacketSize = maximumPacketSize;
        this.topicAliasMaximum = topicAliasMaximum;
    }

    public Connection connection() {
        return connection;
    }

    public MqttVersion version() {
        return version;
    }

    public int receiveMaximum() {
        return receiveMaximum;
    }

    public long maximumPacketSize() {
        return maximumPacketSize;
    }

    /** Whether the client accepts topic aliases from the broker. */
    public boolean acceptsTopicAliases() {
        return topicAliasMaximum > 0;
    }

    /**
     * The alias to send for {@code topic}: a known one, a new one while the client's maximum allows, else 0.
     *
     * @return the alias and whether it is new (the topic must then be sent with it), packed as {@code alias} or
     *     {@code -alias} for a new one
     */
    public int outboundAlias(String topic) {
        if (outboundAliases == null) {
            if (topicAliasMaximum == 0) {
                return 0;
            }
            outboundAliases = new HashMap<>();
        }
        Integer known = outboundAliases.get(topic);
        if (known != null) {
            return known;
        }
        if (outboundAliases.size() >= topicAliasMaximum) {
            return 0;
        }
        int alias = outboundAliases.size() + 1;
        outboundAliases.put(topic, alias);
        return -alias;
    }

    public void rememberInboundAlias(int alias, String topic) {
        if (inboundAliases == null) {
            inboundAliases = new HashMap<>();
        }
        inboundAliases.put(alias, topic);
    }

    /** @return the topic a client alias stands for, or {@code null} */
    public String inboundAlias(int alias) {
        return inboundAliases == null ? null : inboundAliases.get(alias);
    }
}
