package dev.roost.interop.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.testkit.ChildProcessBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker runs in a child JVM on its RocksDB store with the default {@code sync} durability policy and is killed
 * with SIGKILL right after it acknowledged a message, again and again. After every restart the clients resume their
 * sessions. At the end every acknowledged message has reached every subscriber — QoS 2 exactly once, QoS 1 at least
 * once — in publish order.
 *
 * <p>{@code -Droost.crash.kills=N} sets the number of kills (default 20), {@code -Droost.crash.seed=S} replays a run.
 */
class BrokerCrashIT {
    private static final int KILLS = Integer.getInteger("roost.crash.kills", 20);
    /** The test class path carries a quiet logback-test.xml; the child uses the command line's own logging. */
    private static final List<String> CHILD_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto", "-Dlogback.configurationFile=logback.xml");

    @TempDir
    Path data;

    @Test
    @DisplayName("Every acknowledged QoS 1/2 message survives SIGKILL of the broker: QoS 2 exactly once, QoS 1 at least"
            + " once, in order, for online and offline persistent subscribers")
    void acknowledgedMessagesSurviveKills() {
        long seed = Long.getLong("roost.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int port = freePort();
        ChildProcessBroker broker = start(port);
        try {
            CrashSubscriber online5 = new CrashSubscriber("online-v5-q2", true, port, 2);
            CrashSubscriber online3 = new CrashSubscriber("online-v3-q1", false, port, 1);
            CrashSubscriber offline5 = new CrashSubscriber("offline-v5-q2", true, port, 2);
            CrashSubscriber offline3 = new CrashSubscriber("offline-v3-q2", false, port, 2);
            List<CrashSubscriber> online = List.of(online5, online3);
            List<CrashSubscriber> all = List.of(online5, online3, offline5, offline3);
            for (CrashSubscriber s : all) {
                s.connect();
                s.subscribe("crash/#");
            }
            offline5.disconnect();
            offline3.disconnect();
            CrashPublisher publisher = new CrashPublisher("publisher", true, port);
            publisher.connect();

            int sequence = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                int messages = 5 + random.nextInt(25);
                for (int i = 0; i < messages; i++) {
                    publisher.send(1 + random.nextInt(2), "m" + sequence++);
                    if (i < messages - 1) {
                        publisher.complete();
                    } else {
                        publisher.awaitAck(); // the kill comes right after the acknowledgement
                    }
                    if (random.nextInt(4) == 0) {
                        online.get(random.nextInt(online.size())).readSome(random.nextInt(6));
                    }
                }
                broker.kill();
                publisher.lost();
                online.forEach(CrashClient::lost);
                broker = start(port);
                assertThat(publisher.connect()).as("publisher's session after kill %d (seed %d)", kill, seed)
                        .isTrue();
                publisher.resume();
                for (CrashSubscriber s : online) {
                    assertThat(s.connect()).as("%s's session after kill %d (seed %d)", s.clientId, kill, seed)
                            .isTrue();
                }
            }
            for (CrashSubscriber s : List.of(offline5, offline3)) {
                assertThat(s.connect()).as("%s's session (seed %d)", s.clientId, seed).isTrue();
            }
            for (CrashSubscriber s : all) {
                s.drain();
            }

            List<String> expected = new ArrayList<>(new LinkedHashSet<>(publisher.acknowledged));
            assertThat(expected).hasSize(sequence);
            for (CrashSubscriber s : all) {
                assertThat(new ArrayList<>(new LinkedHashSet<>(s.delivered)))
                        .as("%s received every acknowledged message, first copies in order (seed %d)", s.clientId,
                                seed)
                        .containsExactlyElementsOf(expected);
            }
            for (CrashSubscriber s : List.of(online5, offline5, offline3)) {
                List<String> qos2 = s.delivered.stream().filter(publisher.qos2Messages::contains).toList();
                assertThat(qos2).as("%s: QoS 2 exactly once (seed %d)", s.clientId, seed).doesNotHaveDuplicates();
            }
            assertThat(broker.stop()).as("graceful stop after the last restart").isZero();
        } finally {
            broker.close();
        }
    }

    private ChildProcessBroker start(int port) {
        return ChildProcessBroker.start("dev.roost.cli.RoostCommand", data, port, Duration.ofSeconds(30), CHILD_JVM);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
