package dev.roost.protocol.packet;

/**
 * An MQTT control packet as an immutable value. One model for both versions: fields that exist only in MQTT 5.0 are
 * ignored (and left at their defaults) for 3.1.1 peers; the codec does the mapping at the edge.
 *
 * <p>Byte arrays held by packets are never mutated after construction; whoever builds a packet hands over ownership.
 */
public sealed interface Packet
        permits Connect, ConnAck, Publish, PubAck, PubRec, PubRel, PubComp, Subscribe, SubAck, Unsubscribe, UnsubAck,
        PingReq, PingResp, Disconnect, Auth {

    PacketType type();
}
