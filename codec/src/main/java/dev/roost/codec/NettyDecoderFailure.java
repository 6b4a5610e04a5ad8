package dev.roost.codec;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.PacketType;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;

/**
 * Maps the cause of a failed Netty {@code DecoderResult} to a {@link DecodeFailure}:
 * <ul>
 *   <li>{@link TooLongFrameException}: the packet exceeds the decoder's maximum → PACKET_TOO_LARGE (0x95);</li>
 *   <li>{@link MqttUnacceptableProtocolVersionException}: unknown protocol name or level in CONNECT
 *       → UNSUPPORTED_PROTOCOL_VERSION (0x84);</li>
 *   <li>{@link MqttIdentifierRejectedException}: client identifier rejected (3.1 only: 1 to maxClientIdLength
 *       characters) → CLIENT_IDENTIFIER_NOT_VALID (0x85);</li>
 *   <li>{@link IllegalArgumentException} while decoding SUBSCRIBE: a Maximum QoS or Retain Handling of 3 in the
 *       subscription options, which 3.8.3.1 calls a Protocol Error → PROTOCOL_ERROR (0x82);</li>
 *   <li>anything else (bad flags, bad lengths, bad UTF-8, unknown property, packet id 0, ...) → MALFORMED_PACKET
 *       (0x81).</li>
 * </ul>
 * Stateless.
 */
final class NettyDecoderFailure {
    private NettyDecoderFailure() {
    }

    /**
     * @param header the fixed header Netty had decoded when it failed, {@code null} when the fixed header itself
     *     failed
     */
    static DecodeFailure toDecodeFailure(Throwable cause, MqttFixedHeader header, boolean beforeConnect,
                                         dev.roost.protocol.MqttVersion peerVersion) {
        PacketType type = header == null ? null : InboundTranslator.typeOf(header);
        ReasonCode reasonCode;
        if (cause instanceof TooLongFrameException) {
            reasonCode = ReasonCode.PACKET_TOO_LARGE;
        } else if (cause instanceof MqttUnacceptableProtocolVersionException) {
            reasonCode = ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
        } else if (cause instanceof MqttIdentifierRejectedException) {
            reasonCode = ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
        } else if (cause instanceof IllegalArgumentException && type == PacketType.SUBSCRIBE) {
            reasonCode = ReasonCode.PROTOCOL_ERROR;
        } else {
            reasonCode = ReasonCode.MALFORMED_PACKET;
        }
        String detail = "Netty decoder: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new DecodeFailure(reasonCode, detail, type, beforeConnect, peerVersion);
    }
}
