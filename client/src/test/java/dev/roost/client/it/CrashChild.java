package dev.roost.client.it;

import dev.roost.client.ClientConfig;
import dev.roost.client.ClientListener;
import dev.roost.client.PublishResult;
import dev.roost.client.RoostClient;
import dev.roost.client.session.ClientSessionStore;
import dev.roost.client.session.FileClientSessionStore;
import dev.roost.client.session.SessionChange;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.Publish;
import dev.roost.protocol.packet.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The application of {@link CrashIT}, run in a child JVM that the test kills with SIGKILL. It reports on stdout, one
 * line per event, prefixed with {@code @@}:
 * <pre>
 * publish PORT STORE FROM TO QOS HANG_PACKET_ID   publishes "m{FROM}".."m{TO-1}" one at a time (each waits for its
 *     acknowledgement: "@@ACKED m5"); stored messages of an earlier run complete first ("@@COMPLETED m4"); with
 *     HANG_PACKET_ID &gt; 0 it stops for good right after the PUBLISH with that id is stored ("@@STORED"); "@@DONE"
 * subscribe PORT STORE HANG                        receives "crash/#" ("@@GOT m1 dup=false"); with HANG=1 it stops
 *     for good right after the first inbound QoS 2 id is stored ("@@STORED"); runs until stdin closes
 * </pre>
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        Path storeDirectory = Path.of(args[2]);
        if (args[0].equals("publish")) {
            int hangOn = Integer.parseInt(args[6]);
            publish(port, store(storeDirectory, c -> c instanceof SessionChange.Sent s && s.packetId() == hangOn
                    && hangOn > 0), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Qos.of(Integer.parseInt(args[5])));
        } else {
            boolean hang = args[3].equals("1");
            subscribe(port, store(storeDirectory, c -> hang && c instanceof SessionChange.InboundStored));
        }
    }

    private static ClientSessionStore store(Path directory, java.util.function.Predicate<SessionChange> trigger) {
        return new HangingStore(FileClientSessionStore.open(directory), trigger, () -> say("STORED"));
    }

    private static void publish(int port, ClientSessionStore store, int from, int to, Qos qos) throws Exception {
        int stored = store.forClientId(dev.roost.client.session.BrokerAddress.of("127.0.0.1", port), "crash-pub",
                dev.roost.protocol.MqttVersion.V5).state().outbound().size();
        CountDownLatch storedDone = new CountDownLatch(stored);
        ClientListener listener = new ClientListener() {
            @Override
            public void onStoredPublishCompleted(Publish message, PublishResult result) {
                say("COMPLETED " + new String(message.payload(), StandardCharsets.UTF_8));
                storedDone.countDown();
            }
        };
        RoostClient client = RoostClient.create(config(port, store, "crash-pub").listener(listener).build());
        client.connect().get(10, TimeUnit.SECONDS);
        for (int i = from; i < to; i++) {
            client.publish("crash/" + i, ("m" + i).getBytes(StandardCharsets.UTF_8), qos).get(10, TimeUnit.SECONDS);
            say("ACKED m" + i);
        }
        if (!storedDone.await(10, TimeUnit.SECONDS)) {
            say("STORED MESSAGES DID NOT COMPLETE");
        }
        client.close();
        store.close();
        say("DONE");
    }

    private static void subscribe(int port, ClientSessionStore store) throws Exception {
        RoostClient client = RoostClient.create(config(port, store, "crash-sub").build());
        client.registerHandler(Subscription.of("crash/#", Qos.EXACTLY_ONCE), m -> say("GOT "
                + new String(m.payload(), StandardCharsets.UTF_8) + " dup=" + m.dup()));
        boolean present = client.connect().get(10, TimeUnit.SECONDS).sessionPresent();
        if (!present) {
            client.subscribe("crash/#", Qos.EXACTLY_ONCE, m -> say("GOT "
                    + new String(m.payload(), StandardCharsets.UTF_8) + " dup=" + m.dup())).get(10, TimeUnit.SECONDS);
        }
        say("READY present=" + present);
        while (System.in.read() >= 0) {
            say("IGNORED INPUT");
        }
        client.close();
        store.close();
    }

    private static dev.roost.client.ClientConfigBuilder config(int port, ClientSessionStore store, String clientId) {
        return ClientConfig.builder("127.0.0.1", port).clientId(clientId).sessionStore(store)
                .sessionExpiry(Duration.ofMinutes(5)).noAutomaticReconnect();
    }

    private static void say(String line) {
        System.out.println("@@" + line);
        System.out.flush();
    }
}
