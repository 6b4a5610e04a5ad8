package dev.roost.protocol;

import dev.roost.protocol.packet.PacketType;
import java.util.Objects;

/**
 * What the codec hands inbound instead of a packet when the bytes it read were malformed or broke a rule of the
 * protocol that can be checked on a single packet. A value, not an exception: it travels down the same path as every
 * packet so that there is exactly one way to end a connection for bad input.
 *
 * <p><b>The receiver must close the connection.</b> Before closing, it tells a 5.0 peer why: the server answers with
 * CONNACK carrying {@link #reasonCode()} when {@link #beforeConnect()} is {@code true} (the CONNECT itself, or whatever
 * came before it, was bad) and with DISCONNECT carrying it otherwise; a client sends DISCONNECT. A 3.1.1 peer has no
 * reason codes: before a CONNECT was accepted the server may answer with a CONNACK carrying the nearest 3.1.1 return
 * code ({@link ReasonCode#v3ConnectReturnCode()}), otherwise the connection is just closed. The codec delivers
 * nothing inbound after a failure: whatever follows on the wire is discarded until the channel closes.
 *
 * @param reasonCode why, as a 5.0 reason code: {@link ReasonCode#MALFORMED_PACKET}, {@link ReasonCode#PROTOCOL_ERROR},
 *     {@link ReasonCode#PACKET_TOO_LARGE}, {@link ReasonCode#UNSUPPORTED_PROTOCOL_VERSION},
 *     {@link ReasonCode#CLIENT_IDENTIFIER_NOT_VALID}, {@link ReasonCode#TOPIC_NAME_INVALID} or
 *     {@link ReasonCode#TOPIC_ALIAS_INVALID}; never {@code null}
 * @param detail a message for logs, with the spec clause when one applies; never {@code null}, never sent to the peer
 * @param packetType the type of the offending packet, or {@code null} when it is unknown (the fixed header itself
 *     could not be read)
 * @param beforeConnect {@code true} when, at the failure, no CONNECT had yet been accepted (server) or sent (client) on
 *     this connection
 * @param peerVersion the protocol version the answer (CONNACK or DISCONNECT) will be encoded in: the version of the
 *     accepted CONNECT, or before that the version the failing CONNECT announced if the codec could read it, else
 *     3.1.1; never {@code null}
 */
public record DecodeFailure(ReasonCode reasonCode, String detail, PacketType packetType,
                            boolean beforeConnect, MqttVersion peerVersion) {
    public DecodeFailure {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(peerVersion, "peerVersion");
    }

    /** @return a failure for this violation of the protocol */
    public static DecodeFailure of(ProtocolViolation violation, PacketType packetType, boolean beforeConnect,
                                   MqttVersion peerVersion) {
        String clause = violation.clause();
        String detail = clause.isEmpty() ? violation.getMessage() : "[" + clause + "] " + violation.getMessage();
        return new DecodeFailure(violation.reasonCode(), detail, packetType, beforeConnect, peerVersion);
    }
}
