package dev.roost.client.it;

import dev.roost.client.ClientConfig;
import dev.roost.client.ClientConfigBuilder;
import dev.roost.client.RoostClient;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.protocol.MqttVersion;
import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawConnect;
import dev.roost.testkit.RawPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** What the scripted-server tests share: the server, an in-memory store, client construction and handshakes. */
abstract class ScriptedServerTestBase {
    final ScriptedBroker server = new ScriptedBroker();
    final InMemoryClientSessionStore store = new InMemoryClientSessionStore();
    final List<RoostClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(RoostClient::close);
        server.close();
    }

    ClientConfigBuilder config(MqttVersion version) {
        return ClientConfig.builder("127.0.0.1", server.port()).version(version).clientId("scripted")
                .sessionStore(store).automaticReconnect(Duration.ofMillis(10), Duration.ofMillis(50))
                .keepAlive(Duration.ZERO);
    }

    RoostClient client(ClientConfigBuilder config) {
        RoostClient client = RoostClient.create(config.build());
        clients.add(client);
        return client;
    }

    static byte[] connAck(MqttVersion version, boolean sessionPresent) {
        return version.isV5() ? PacketBytes.connack().v5().sessionPresent(sessionPresent).build()
                : PacketBytes.connack().sessionPresent(sessionPresent).build();
    }

    record Handshake(ScriptedBroker.Peer peer, RawConnect connect) {
    }

    Handshake handshake(byte[] connAck) {
        ScriptedBroker.Peer peer = server.accept();
        RawConnect connect = peer.receive(PacketType.CONNECT).connect();
        peer.send(connAck);
        return new Handshake(peer, connect);
    }

    /** Grants the SUBSCRIBE a client sends for its registered handlers after Session Present 0. */
    static void grantSubscribe(ScriptedBroker.Peer peer) {
        RawPacket subscribe = peer.receive(PacketType.SUBSCRIBE);
        int[] granted = subscribe.subscribeFilters(true).stream().mapToInt(f -> 1).toArray();
        peer.send(PacketBytes.suback(subscribe.packetId()).v5().reasonCodes(granted).build());
    }

    static String payload(RawPacket publish, MqttVersion version) {
        return publish.publishPayloadString(version.isV5());
    }
}
