package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.packet.PacketType;

/**
 * What the {@link FrameValidator} passes inbound in place of a frame that broke a rule, for the
 * {@link PacketTranslator} to turn into a {@link dev.roost.protocol.DecodeFailure} the way it turns its own
 * violations into one (Netty's decoder lets it through untouched). Never leaves the codec.
 *
 * @param violation the rule broken; never {@code null}
 * @param packetType the type of the offending packet; never {@code null}
 * @param announcedVersion the version a CONNECT named before the walk failed, {@code null} when none: on a server
 *     that has accepted no CONNECT yet, the answer is encoded in that version, as Netty does after a bad CONNECT
 */
record FrameViolation(ProtocolViolation violation, PacketType packetType, MqttVersion announcedVersion) {
}
