package dev.roost.client.it;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.RoostBroker;
import java.nio.file.Path;

/** The project's broker, started in this JVM on an ephemeral port with its data in {@code dataDirectory}. */
final class RoostBrokerUnderTest implements BrokerUnderTest {
    private final RoostBroker broker;

    RoostBrokerUnderTest(Path dataDirectory) {
        this.broker = RoostBroker.start(BrokerConfig.builder().bindAddress("127.0.0.1").port(0)
                .dataDirectory(dataDirectory).build());
    }

    @Override
    public int port() {
        return broker.port();
    }

    @Override
    public String name() {
        return "roost";
    }

    @Override
    public boolean assignsClientIds() {
        return true;
    }

    @Override
    public void close() {
        broker.close();
    }
}
