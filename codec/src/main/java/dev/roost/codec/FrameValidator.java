package dev.roost.codec;

import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.packet.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Sits before Netty's {@code MqttDecoder} (installed by {@link MqttPipeline}) and hands it whole packets only, each
 * checked by {@link FrameLayout} first. It frames the input by the fixed header (type byte, Remaining Length), waits
 * until a packet is complete, walks its fields, then passes on exactly its bytes as a retained slice of the input: no
 * copy. Netty's decoder therefore never sees a packet whose fields run past its end, and a violation is found as soon
 * as the packet's last byte has arrived, not when later bytes do.
 *
 * <p>A packet that breaks a rule is replaced by a {@link FrameViolation} (which the {@link PacketTranslator} turns
 * into a {@code DecodeFailure}), and all input after it is discarded and released until the channel closes.
 *
 * <p>Input this handler does not frame is Netty's to reject, and from that point on every byte goes to Netty's
 * decoder unchanged, as it arrived, so that Netty's failure is exactly what it always was:
 * <ul>
 *   <li>a first byte Netty refuses: packet type 0, fixed-header flags other than the type's [MQTT-2.1.3-1], PUBLISH
 *       QoS 3 [MQTT-3.3.1-4], AUTH on a channel that does not speak 5.0 → 0x81;</li>
 *   <li>a Remaining Length of more than 4 bytes (1.5.5) → 0x81;</li>
 *   <li>a packet larger than the maximum packet size (whole packet, header included) → 0x95.</li>
 * </ul>
 * The version the walk uses is the channel's ({@link ChannelVersion}); Netty's decoder has set it from a CONNECT by the
 * time the next packet is walked, because each packet is passed on before the next one is framed.
 *
 * <p>Not sharable: one instance per channel, called on its event loop only.
 */
final class FrameValidator extends ByteToMessageDecoder {
    private enum Mode { FRAMING, PASSING_THROUGH, DISCARDING }

    private final int maxPacketSizeBytes;
    private final FrameLayout layout;
    private Mode mode = Mode.FRAMING;

    /**
     * @param side the end of the connection this channel is
     * @param maxPacketSizeBytes the largest whole packet Netty's decoder is configured to accept; larger ones go to it
     *     unframed, for it to refuse
     */
    FrameValidator(ConnectionSide side, int maxPacketSizeBytes) {
        this.maxPacketSizeBytes = maxPacketSizeBytes;
        this.layout = new FrameLayout(side);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (mode) {
            case FRAMING -> frame(ctx, in, out);
            case PASSING_THROUGH -> out.add(in.readRetainedSlice(in.readableBytes()));
            case DISCARDING -> in.skipBytes(in.readableBytes());
        }
    }

    /** Passes on at most one packet, so that Netty has decoded it (and learnt a CONNECT's version) before the next. */
    private void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        int firstByte = in.getUnsignedByte(start);
        MqttVersion version = ChannelVersion.of(ctx.channel());
        if (!nettyAcceptsFirstByte(firstByte, version)) {
            passThrough(in, out);
            return;
        }
        int remainingLength = 0;
        int headerLength = 1;
        while (true) {
            if (readable <= headerLength) {
                return; // the fixed header is not complete yet
            }
            int digit = in.getUnsignedByte(start + headerLength);
            remainingLength |= (digit & 0x7F) << (7 * (headerLength - 1));
            headerLength++;
            if ((digit & 0x80) == 0) {
                break;
            }
            if (headerLength == 5) {
                passThrough(in, out); // a fifth length byte
                return;
            }
        }
        if ((long) headerLength + remainingLength > maxPacketSizeBytes) {
            passThrough(in, out);
            return;
        }
        int packetLength = headerLength + remainingLength;
        if (readable < packetLength) {
            return;
        }
        try {
            layout.check(in, start + headerLength, start + packetLength, firstByte, version);
        } catch (ProtocolViolation violation) {
            mode = Mode.DISCARDING;
            in.skipBytes(readable);
            out.add(new FrameViolation(violation, PacketType.values()[(firstByte >> 4) - 1],
                    layout.announcedVersion()));
            return;
        }
        out.add(in.readRetainedSlice(packetLength));
    }

    private void passThrough(ByteBuf in, List<Object> out) {
        mode = Mode.PASSING_THROUGH;
        out.add(in.readRetainedSlice(in.readableBytes()));
    }

    /** The checks Netty's decoder makes on the first byte of a packet (and, for AUTH, on the channel's version). */
    private static boolean nettyAcceptsFirstByte(int firstByte, MqttVersion version) {
        int type = firstByte >> 4;
        int flags = firstByte & 0x0F;
        return switch (type) {
            case 0 -> false;
            case 3 -> (flags & 0x06) != 0x06; // PUBLISH: any flags but QoS 3
            case 6, 8, 10 -> flags == 0x02; // PUBREL, SUBSCRIBE, UNSUBSCRIBE
            case 15 -> flags == 0 && version.isV5(); // AUTH
            default -> flags == 0;
        };
    }
}
