package dev.roost.codec;

import static dev.roost.codec.TestChannels.connectedClient;
import static dev.roost.codec.TestChannels.connectedServer;
import static dev.roost.codec.TestChannels.decode;
import static dev.roost.codec.TestChannels.encode;
import static dev.roost.codec.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.DecodeFailure;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Auth;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.ReasonProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No buffer outlives its packet: every inbound buffer is released on every path (packet, packet split across reads,
 * Netty failure, framer failure, translator failure, dropped after failure), and Netty's paranoid leak detector
 * reports nothing after many rounds of each.
 */
class LeakTest {
    private static final Logger LEAK_LOG = Logger.getLogger(ResourceLeakDetector.class.getName());

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
                leaks.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void recordLeakReports() {
        LEAK_LOG.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        LEAK_LOG.removeHandler(recorder);
    }

    @Test
    void runsWithParanoidLeakDetection() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void releasesEveryBufferOnEveryPath() {
        byte[] goodPublish = bytes(0x32, 0x0A, 0x00, 0x01, 't', 0x00, 0x01, 0x00, 'a', 'b', 'c', 'd');
        byte[] dupQos0 = bytes(0x38, 0x08, 0x00, 0x01, 't', 0x00, 'a', 'b', 'c', 'd');
        byte[] badFlags = bytes(0x60, 0x02, 0x00, 0x01);
        // payload format indicator twice: refused by the framer before Netty's decoder
        byte[] duplicateProperty = bytes(0x30, 0x08, 0x00, 0x01, 't', 0x04, 0x01, 0x00, 0x01, 0x00);
        for (int round = 0; round < 200; round++) {
            EmbeddedChannel server = connectedServer(MqttVersion.V5);
            assertThat(decode(server, goodPublish)).isInstanceOf(Publish.class);
            // the same packet in two reads: framed from a cumulation of both
            ByteBuf head = ByteBufAllocator.DEFAULT.buffer().writeBytes(goodPublish, 0, 5);
            ByteBuf tail = ByteBufAllocator.DEFAULT.buffer().writeBytes(goodPublish, 5, goodPublish.length - 5);
            server.writeInbound(head);
            server.writeInbound(tail);
            assertThat(server.<Object>readInbound()).isInstanceOf(Publish.class);
            assertThat(head.refCnt() + tail.refCnt()).isZero();
            assertThat(decode(server, dupQos0)).isInstanceOf(DecodeFailure.class);
            ByteBuf dropped = ByteBufAllocator.DEFAULT.buffer().writeBytes(goodPublish);
            server.writeInbound(dropped);
            assertThat(dropped.refCnt()).isZero();
            assertThat(server.finishAndReleaseAll()).isFalse();

            EmbeddedChannel framed = connectedServer(MqttVersion.V5);
            assertThat(decode(framed, duplicateProperty)).isInstanceOf(DecodeFailure.class);
            ByteBuf discarded = ByteBufAllocator.DEFAULT.buffer().writeBytes(goodPublish);
            framed.writeInbound(discarded);
            assertThat(discarded.refCnt()).isZero();
            assertThat(framed.finishAndReleaseAll()).isFalse();

            EmbeddedChannel other = connectedServer(MqttVersion.V3_1_1);
            assertThat(decode(other, badFlags)).isInstanceOf(DecodeFailure.class);
            Publish publish = Publish.of("t", Qos.EXACTLY_ONCE, true, 9, new byte[64]);
            assertThat(encode(other, publish)).hasSize(2 + 3 + 2 + 64);
            other.finishAndReleaseAll();

            EmbeddedChannel client = connectedClient(MqttVersion.V3_1_1);
            assertThat(client.writeAndFlush(new Auth(ReasonCode.SUCCESS, null, null, ReasonProperties.NONE))
                    .cause()).isNotNull();
            client.finishAndReleaseAll();
        }
        triggerLeakDetection();
        assertThat(leaks).isEmpty();
    }

    /**
     * Leaks are reported when a later allocation of a tracked buffer finds a collected, unreleased one. (Netty's
     * unpooled heap buffers are not tracked; the default allocator's are.)
     */
    private static void triggerLeakDetection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 100; j++) {
                ByteBufAllocator.DEFAULT.buffer(16).release();
            }
        }
    }
}
