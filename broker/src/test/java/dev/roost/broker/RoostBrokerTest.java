package dev.roost.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.protocol.packet.PacketType;
import dev.roost.testkit.PacketBytes;
import dev.roost.testkit.RawMqttClient;
import dev.roost.testkit.RawPacket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring: transport and broker core together. */
class RoostBrokerTest {
    @TempDir
    Path dataDirectory;

    @Test
    void startsWithTheBrokerCoreAndAcceptsAConnect() {
        BrokerConfig config = BrokerConfig.builder().bindAddress("127.0.0.1").port(0).dataDirectory(dataDirectory)
                .build();
        try (RoostBroker broker = RoostBroker.start(config);
             RawMqttClient peer = RawMqttClient.connect("127.0.0.1", broker.port())) {
            RawPacket connAck = peer.send(PacketBytes.connect().v311().clientId("smoke").build()).receive();

            assertThat(connAck.packetType()).isEqualTo(PacketType.CONNACK);
            assertThat(connAck.connAckCode()).isZero();
        }
    }
}
