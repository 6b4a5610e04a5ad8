package dev.roost.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.roost.client.ClientConfig;
import dev.roost.client.RoostClient;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.protocol.Qos;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a real Mosquitto with a certificate for 127.0.0.1 from a throwaway CA made with openssl. */
class TlsIT {
    @TempDir
    Path dir;
    MosquittoUnderTest broker;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            throw new AssertionError("openssl is not installed: run 'apt-get install openssl'");
        }
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days",
                "1", "-subj", "/CN=Roost test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
                "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "1", "-extfile", "san.ext");
        // Mosquitto started as root drops to its own user before it reads the TLS files.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String file : List.of("ca.crt", "server.crt", "server.key")) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        broker = new MosquittoUnderTest(dir.resolve("broker"), "cafile " + dir.resolve("ca.crt") + "\ncertfile "
                + dir.resolve("server.crt") + "\nkeyfile " + dir.resolve("server.key") + "\n");
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("openssl.log"))).isZero();
    }

    @Test
    void publishesAndReceivesOverTlsWithTheServersCertificateVerified() throws Exception {
        ClientConfig config = ClientConfig.builder("127.0.0.1", broker.port()).clientId("tls")
                .tls(SslContextBuilder.forClient().trustManager(dir.resolve("ca.crt").toFile()).build())
                .sessionStore(new InMemoryClientSessionStore()).build();
        Inbox inbox = new Inbox();
        try (RoostClient client = RoostClient.create(config)) {
            Done.of(client.connect());
            Done.of(client.subscribe("secure/#", Qos.AT_LEAST_ONCE, inbox));
            Done.of(client.publish("secure/a", "sealed".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE));
            await().atMost(Duration.ofSeconds(5)).until(() -> inbox.payloads().contains("sealed"));
        }
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefused() throws Exception {
        ClientConfig config = ClientConfig.builder("127.0.0.1", broker.port()).clientId("tls")
                .tls(SSLContext.getDefault()).noAutomaticReconnect()
                .sessionStore(new InMemoryClientSessionStore()).build();
        try (RoostClient client = RoostClient.create(config)) {
            assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).hasMessageContaining("certification path"));
        }
    }
}
