package dev.roost.testkit;

import static dev.roost.testkit.PacketBytes.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roost.protocol.packet.PacketType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a loopback peer that the test drives by hand: the peer's connection waits in the listen
 * backlog, so one thread plays both sides and nothing races.
 */
class RawMqttClientTest {
    private static final Duration SHORT = Duration.ofMillis(150);

    private ServerSocket server;
    private RawMqttClient client;
    private Socket peer;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = RawMqttClient.connect("127.0.0.1", server.getLocalPort());
        server.setSoTimeout(5_000);
        peer = server.accept();
        peer.setSoTimeout(5_000);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
        server.close();
    }

    @Test
    void receivesWhatTheEchoingPeerSendsBack() throws IOException {
        byte[] publish = PacketBytes.publish().topic("t").qos(1).packetId(3).payload("x").build();
        client.send(publish, PacketBytes.pingreq());

        peer.getOutputStream().write(readExactly(peer.getInputStream(), publish.length + 2));

        RawPacket echoed = client.receive();
        assertThat(echoed.bytes()).isEqualTo(publish);
        assertThat(echoed.publishPayloadString(false)).isEqualTo("x");
        assertThat(client.receive().is(PacketType.PINGREQ)).isTrue();
    }

    @Test
    void reassemblesAPacketSplitAcrossATimeout() throws IOException {
        byte[] puback = PacketBytes.puback(258).build();
        peer.getOutputStream().write(puback, 0, 3);

        assertThatThrownBy(() -> client.receive(SHORT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no MQTT packet within").hasMessageContaining("3 bytes of an incomplete packet");

        peer.getOutputStream().write(puback, 3, 1);
        assertThat(client.receive().packetId()).isEqualTo(258);
    }

    @Test
    void failsWithAClearMessageWhenNothingArrives() {
        assertThatThrownBy(() -> client.receive(SHORT)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no MQTT packet within PT0.15S");
    }

    @Test
    void failsWhenThePeerClosesBeforeAPacket() throws IOException {
        peer.close();
        assertThatThrownBy(client::receive).isInstanceOf(AssertionError.class)
                .hasMessageContaining("connection closed by the peer");
        assertThat(client.isClosed()).isTrue();
    }

    @Test
    void collectsPacketsThatArriveBeforeThePeerCloses() throws IOException {
        peer.getOutputStream().write(PacketBytes.concat(PacketBytes.pingresp(),
                PacketBytes.disconnect().reasonCode(0x81).build()));
        peer.close();

        assertThat(client.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(client.drained()).extracting(RawPacket::packetType)
                .containsExactly(PacketType.PINGRESP, PacketType.DISCONNECT);
        assertThat(client.drained().get(1).reasonCode()).isEqualTo(0x81);
    }

    @Test
    void seesAResetAsAClose() throws IOException {
        peer.setSoLinger(true, 0);
        peer.close();
        assertThat(client.awaitClosed(Duration.ofSeconds(5))).isTrue();
        assertThat(client.drained()).isEmpty();
    }

    @Test
    void reportsAnOpenConnectionWhenThePeerStaysSilent() {
        assertThat(client.awaitClosed(SHORT)).isFalse();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void passesASilentWindowAndKeepsPartialBytes() throws IOException {
        peer.getOutputStream().write(raw(0xD0));
        client.expectNoPacket(SHORT);
        peer.getOutputStream().write(raw(0x00));
        assertThat(client.receive().is(PacketType.PINGRESP)).isTrue();
    }

    @Test
    void failsASilentWindowWhenAPacketArrives() throws IOException {
        peer.getOutputStream().write(PacketBytes.pingresp());
        assertThatThrownBy(() -> client.expectNoPacket(Duration.ofSeconds(5))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected no packet").hasMessageContaining("PINGRESP");
    }

    @Test
    void skipsUnwantedPackets() throws IOException {
        peer.getOutputStream().write(PacketBytes.concat(PacketBytes.pingresp(), PacketBytes.puback(4).build()));
        RawPacket puback = client.receiveUntil(p -> p.is(PacketType.PUBACK), Duration.ofSeconds(5));
        assertThat(puback.packetId()).isEqualTo(4);
    }

    @Test
    void reportsAMalformedRemainingLength() throws IOException {
        peer.getOutputStream().write(raw(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
        assertThatThrownBy(client::receive).isInstanceOf(AssertionError.class)
                .hasMessageContaining("longer than four bytes");
    }

    @Test
    void refusesToReadAfterClose() {
        client.close();
        assertThat(client.isClosed()).isTrue();
        assertThatThrownBy(client::receive).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closesWithAResetThatThePeerSees() throws IOException {
        client.closeWithReset();
        assertThatThrownBy(() -> peer.getInputStream().read()).isInstanceOf(IOException.class)
                .hasMessageContaining("reset");
    }

    private static byte[] readExactly(InputStream in, int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        assertThat(bytes).hasSize(count);
        return bytes;
    }
}
