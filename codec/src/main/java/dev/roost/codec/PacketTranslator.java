package dev.roost.codec;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.Packet;
import dev.roost.protocol.packet.PacketType;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Sits after Netty's {@code MqttDecoder}/{@code MqttEncoder} and translates between Netty's {@link MqttMessage}s and
 * Roost's {@link Packet} records (installed by {@link MqttPipeline}).
 *
 * <p><b>Inbound</b> it passes on exactly one object per decoded message: a {@link Packet}, or a {@link DecodeFailure}
 * when the message failed Netty's decoding (its {@code decoderResult()} is checked first, always) or one of the checks
 * below, or in place of a violation the {@code FrameValidator} found before Netty's decoder. After the first
 * {@code DecodeFailure} nothing more is passed on: Netty's decoder and the frame validator discard all further input
 * after a failure of their own, and this handler drops (and releases) whatever still arrives after any failure.
 * The receiver must close the connection. Every inbound message is released here; packets hold copies.
 *
 * <p><b>Outbound</b> it turns a written {@link Packet} into the {@link MqttMessage} Netty encodes in the channel's
 * version (see {@link MqttPipeline#negotiatedVersion}); other messages pass through untouched. A packet that cannot be
 * expressed in that version fails the write's promise with {@link IllegalArgumentException} and writes nothing.
 *
 * <p><b>Which check happens where</b> (F = {@code FrameValidator} before Netty, which hands on whole packets only and
 * replaces a bad one by a violation this translator turns into a {@code DecodeFailure} like its own; (T): checked
 * again here; N = Netty 4.2 {@code MqttDecoder}; T = this translator; 0x81 Malformed Packet, 0x82 Protocol Error):
 * <pre>
 * check                                                          where  result
 * packet type 0                                                  N      0x81
 * fixed-header flags: PUBREL/SUBSCRIBE/UNSUBSCRIBE 0010, others 0000 [MQTT-2.1.3-1]  N  0x81
 * PUBLISH QoS 3 [MQTT-3.3.1-4]                                   N      0x81
 * PUBLISH QoS 0 with DUP 1 [MQTT-3.3.1-2]                        T      0x81
 * Remaining Length longer than 4 bytes (1.5.5)                   N      0x81
 * packet larger than the maximum (whole packet, header included) N      0x95
 * bytes left over after the last field                          N      0x81
 * a field (string, binary, property section, fixed-size field) running past the Remaining Length
 *                                                                F      0x81, as soon as the packet is complete
 * protocol name/level unknown or mismatched [MQTT-3.1.2-2]       N      0x84
 * CONNECT reserved flag [MQTT-3.1.2-3]                           N      0x81
 * will flags: QoS/Retain without Will Flag, Will QoS 3 [MQTT-3.1.2-11..15]  T  0x81
 * Password Flag without User Name Flag, 3.1.1 [MQTT-3.1.2-22]    T      0x81
 * client id length, 3.1 only (1..maxClientIdLength)              N      0x85
 * Will Topic empty or with wildcards [MQTT-4.7.3-1, 4.7.1-1]     T      0x81
 * Will Topic over 32,767 bytes (Netty reads it as null)          T      0x90
 * UTF-8 well-formed, no U+0000 [MQTT-1.5.4-1, -2] (strict mode)  N      0x81
 * PUBLISH topic with wildcards [MQTT-3.3.2-2]                    N      0x81
 * PUBLISH topic empty: 3.1.1 [MQTT-4.7.3-1] / 5.0 without alias  T      0x81 / 0x82
 * packet identifier 0 [MQTT-2.2.1-3]                             N      0x81
 * unknown property identifier; property overrunning its section  F      0x81
 * property not valid for the packet type (2.2.2.2)               T      0x81
 * property appearing twice, but User Property and a server's PUBLISH's Subscription Identifier (2.2.2.2)
 *                                                                F      0x82
 * property values: Receive Maximum 0, Maximum Packet Size 0, Request Problem/Response Information,
 *   Payload Format Indicator, Maximum QoS and CONNACK availability flags not 0/1, Subscription Identifier 0,
 *   Authentication Data without Method                           T      0x82
 * Topic Alias 0 [MQTT-3.3.2-8]                                   T      0x94
 * Response Topic empty or with wildcards [MQTT-3.3.2-14]         T      0x81
 * Subscription Identifier in a PUBLISH to the server [MQTT-3.3.4-6]  T  0x82
 * more than one Subscription Identifier in SUBSCRIBE             F (T)  0x82
 * reason code not defined for the packet type                   T      0x81 (N already rejects unknown CONNACK codes)
 * 3.1.1 PUBACK/PUBREC/PUBREL/PUBCOMP/UNSUBACK Remaining Length 2, DISCONNECT 0  T  0x81
 * SUBSCRIBE/UNSUBSCRIBE without filters [MQTT-3.8.3-3, 3.10.3-2] T      0x82 (0x81 for 3.1.1)
 * subscription option QoS 3 or Retain Handling 3 (3.8.3.1)       N      0x82
 * requested QoS byte upper 6 bits set in 3.1.1 [MQTT-3.8.3-4]   F (T)  0x81 (T sees bits 2-5 only)
 * subscription option bits 6-7 in 5.0 [MQTT-3.8.3-5]             F      0x81
 * CONNACK flags bits 7-1 [MQTT-3.2.2-1]                          -      not detectable (Netty drops them)
 * SUBACK return code not 0/1/2/0x80 in 3.1.1 [MQTT-3.9.3-2]      T      0x81
 * Session Present with a refusing CONNACK [MQTT-3.2.2-6]         T      0x82
 * AUTH on a 3.1.1 connection                                     N      0x81
 * first packet from a client is not CONNECT [MQTT-3.1.0-1]       T      0x82 (server only)
 * second CONNECT [MQTT-3.1.0-2]                                  T      0x82 (server only; Netty's version is restored)
 * packet that the peer's side never sends (e.g. SUBACK to a server)  T  0x82
 * </pre>
 * Left to the broker: topic filter syntax (answered with SUBACK 0x8F, not a disconnect), Topic Alias above the
 * maximum, Receive Maximum, packet-id state, session expiry changes in DISCONNECT, the enhanced-authentication flow.
 *
 * <p>Not sharable: one instance per channel, called on its event loop only.
 */
public final class PacketTranslator extends ChannelDuplexHandler {
    private static final Set<PacketType> FROM_CLIENT_ONLY = EnumSet.of(PacketType.CONNECT, PacketType.SUBSCRIBE,
            PacketType.UNSUBSCRIBE, PacketType.PINGREQ);
    private static final Set<PacketType> FROM_SERVER_ONLY = EnumSet.of(PacketType.CONNACK, PacketType.SUBACK,
            PacketType.UNSUBACK, PacketType.PINGRESP);

    private final ConnectionSide side;
    private final InboundTranslator inbound;
    private final OutboundTranslator outbound = new OutboundTranslator();

    /** Server: the version of the accepted CONNECT; client: the version of the CONNECT written. */
    private MqttVersion connectVersion;
    private boolean failed;

    /** @param side the end of the connection this channel is; decides which packets may arrive */
    public PacketTranslator(ConnectionSide side) {
        this.side = side;
        this.inbound = new InboundTranslator(side);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameViolation violation) {
            if (!failed) {
                failed = true;
                ctx.fireChannelRead(toDecodeFailure(ctx, violation));
            }
            return;
        }
        if (!(msg instanceof MqttMessage message)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Object translated;
        try {
            translated = failed ? null : translate(ctx, message);
        } finally {
            ReferenceCountUtil.release(message);
        }
        if (translated != null) {
            failed = translated instanceof DecodeFailure;
            ctx.fireChannelRead(translated);
        }
    }

    private Object translate(ChannelHandlerContext ctx, MqttMessage message) {
        boolean beforeConnect = connectVersion == null;
        DecoderResult result = message.decoderResult();
        if (result.isFailure()) {
            restoreConnectVersion(ctx);
            return NettyDecoderFailure.toDecodeFailure(result.cause(), message.fixedHeader(), beforeConnect,
                    ChannelVersion.of(ctx.channel()));
        }
        PacketType type = InboundTranslator.typeOf(message.fixedHeader());
        try {
            checkSequence(type);
            Packet packet = inbound.translate(message, ChannelVersion.of(ctx.channel()));
            if (side == ConnectionSide.SERVER && packet instanceof Connect connect) {
                connectVersion = connect.version();
            }
            return packet;
        } catch (ProtocolViolation violation) {
            restoreConnectVersion(ctx);
            return DecodeFailure.of(violation, type, beforeConnect, ChannelVersion.of(ctx.channel()));
        } catch (RuntimeException unexpected) {
            // A shape of input Netty let through that nothing here foresaw: still one failure path, not an exception.
            restoreConnectVersion(ctx);
            return new DecodeFailure(ReasonCode.MALFORMED_PACKET, "unexpected " + unexpected, type, beforeConnect,
                    ChannelVersion.of(ctx.channel()));
        }
    }

    /** A violation the {@link FrameValidator} found before Netty's decoder saw the packet. */
    private DecodeFailure toDecodeFailure(ChannelHandlerContext ctx, FrameViolation frame) {
        boolean beforeConnect = connectVersion == null;
        if (side == ConnectionSide.SERVER && beforeConnect && frame.announcedVersion() != null) {
            // what Netty's decoder does on reading a CONNECT: answer in the version it names
            ChannelVersion.set(ctx.channel(), frame.announcedVersion());
        }
        return DecodeFailure.of(frame.violation(), frame.packetType(), beforeConnect, ChannelVersion.of(ctx.channel()));
    }

    private void checkSequence(PacketType type) {
        Set<PacketType> forbidden = side == ConnectionSide.SERVER ? FROM_SERVER_ONLY : FROM_CLIENT_ONLY;
        if (forbidden.contains(type)) {
            throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "",
                    type + " is never sent to a " + side.name().toLowerCase(Locale.ROOT));
        }
        if (side == ConnectionSide.SERVER) {
            if (connectVersion == null && type != PacketType.CONNECT) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.1.0-1",
                        "first packet must be CONNECT, was " + type);
            }
            if (connectVersion != null && type == PacketType.CONNECT) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "MQTT-3.1.0-2", "second CONNECT");
            }
        }
    }

    /**
     * Netty's decoder sets the channel's version from every CONNECT it reads, even a second, illegal one; put back the
     * version of the accepted CONNECT so that the DISCONNECT that follows is encoded for the peer's real version.
     */
    private void restoreConnectVersion(ChannelHandlerContext ctx) {
        if (side == ConnectionSide.SERVER && connectVersion != null) {
            ChannelVersion.set(ctx.channel(), connectVersion);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Packet packet)) {
            ctx.write(msg, promise);
            return;
        }
        MqttMessage message;
        try {
            MqttVersion version = packet instanceof Connect connect
                    ? connect.version() : ChannelVersion.of(ctx.channel());
            message = outbound.translate(packet, version);
        } catch (RuntimeException e) {
            promise.setFailure(e);
            return;
        }
        if (side == ConnectionSide.CLIENT && packet instanceof Connect connect) {
            connectVersion = connect.version();
        }
        ctx.write(message, promise);
    }
}
