package dev.roost.bench.jmh;

import dev.roost.codec.MqttPipeline;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Connect;
import dev.roost.protocol.packet.ConnectProperties;
import dev.roost.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A QoS 1 PUBLISH through the Roost codec on Netty {@link EmbeddedChannel}s: {@code encode} writes the record and reads
 * the bytes a client pipeline produces, {@code decode} feeds those bytes to a server pipeline and reads the record.
 * Both channels first pass a CONNECT so that they speak the version under test. State per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PublishCodecBenchmark {
    @Param({"5", "311"})
    public String version;

    @Param({"64", "1024"})
    public int payloadSize;

    private EmbeddedChannel client;
    private EmbeddedChannel server;
    private Publish publish;
    private ByteBuf encoded;

    @Setup
    public void connect() {
        MqttVersion v = "5".equals(version) ? MqttVersion.V5 : MqttVersion.V3_1_1;
        client = new EmbeddedChannel();
        MqttPipeline.installClient(client.pipeline(), MqttPipeline.MAX_PACKET_SIZE);
        server = new EmbeddedChannel();
        MqttPipeline.installServer(server.pipeline(), MqttPipeline.MAX_PACKET_SIZE);
        client.writeOutbound(new Connect(v, "bench", true, 60, null, null, null, ConnectProperties.DEFAULTS));
        server.writeInbound(drainOutbound(client));
        Object connect = server.readInbound();
        if (!(connect instanceof Connect)) {
            throw new IllegalStateException("the server pipeline did not accept the CONNECT: " + connect);
        }
        publish = Publish.of("fleet/7/device-7042/telemetry", Qos.AT_LEAST_ONCE, false, 1, new byte[payloadSize]);
        client.writeOutbound(publish);
        encoded = drainOutbound(client);
    }

    @TearDown
    public void close() {
        encoded.release();
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @Benchmark
    public int encode() {
        client.writeOutbound(publish);
        ByteBuf bytes = drainOutbound(client);
        int size = bytes.readableBytes();
        bytes.release();
        return size;
    }

    @Benchmark
    public Object decode() {
        server.writeInbound(encoded.retainedDuplicate());
        return server.readInbound();
    }

    /** The encoder may write a packet as several buffers; joins whatever is queued. */
    private static ByteBuf drainOutbound(EmbeddedChannel channel) {
        ByteBuf first = channel.readOutbound();
        ByteBuf more = channel.readOutbound();
        if (more == null) {
            return first;
        }
        ByteBuf joined = Unpooled.buffer();
        joined.writeBytes(first);
        first.release();
        while (more != null) {
            joined.writeBytes(more);
            more.release();
            more = channel.readOutbound();
        }
        return joined;
    }
}
