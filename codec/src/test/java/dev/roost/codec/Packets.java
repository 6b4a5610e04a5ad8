package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.UserProperty;
import dev.roost.protocol.packet.ConnAck;
import dev.roost.protocol.packet.ConnAckProperties;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.MessageProperties;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Will;
import java.util.List;

/** Packets with every field set, shared by the decode, encode and round-trip tests. */
final class Packets {
    private Packets() {
    }

    static Connect fullConnectV5() {
        ConnectProperties properties = new ConnectProperties(ConnectProperties.SESSION_NEVER_EXPIRES, 20, 1000, 5,
                true, false, List.of(new UserProperty("u", "v")), "SCRAM", new byte[] {7});
        Will will = new Will("w/t", new byte[] {'b', 'y', 'e'}, Qos.EXACTLY_ONCE, true, 10,
                new MessageProperties(0, 60L, "ct", "rt", new byte[] {3}, List.of(new UserProperty("x", "y"))));
        return new Connect(MqttVersion.V5, "cid", false, 30, "user", new byte[] {'p'}, will, properties);
    }

    static ConnAck fullConnAckV5() {
        ConnAckProperties properties = ConnAckProperties.builder()
                .sessionExpiryIntervalSeconds(120L)
                .receiveMaximum(100)
                .maximumQos(1)
                .retainAvailable(false)
                .maximumPacketSize(65536L)
                .assignedClientIdentifier("id")
                .topicAliasMaximum(10)
                .reasonString("ok")
                .userProperty(new UserProperty("a", "b"))
                .wildcardSubscriptionAvailable(false)
                .subscriptionIdentifiersAvailable(false)
                .sharedSubscriptionAvailable(false)
                .serverKeepAliveSeconds(30)
                .responseInformation("ri")
                .serverReference("sr")
                .authenticationMethod("m")
                .authenticationData(new byte[] {9})
                .build();
        return new ConnAck(true, ReasonCode.SUCCESS, properties);
    }

    /** A PUBLISH from server to client with every 5.0 property, subscription identifiers and topic alias included. */
    static Publish fullPublishV5() {
        MessageProperties properties = new MessageProperties(1, 3600L, "text/plain", "re/sp", new byte[] {1, 2},
                List.of(new UserProperty("k", "v"), new UserProperty("k2", "v2")));
        return new Publish("a/b", Qos.AT_LEAST_ONCE, false, false, 10, new byte[] {'h', 'i'}, 7, List.of(5, 300),
                properties);
    }
}
