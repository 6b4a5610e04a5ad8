package dev.roost.interop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Eclipse Paho Java {@code mqttv5} 1.2.5 against Roost, speaking MQTT 5.0. */
@DisplayName("Paho Java v5 (MQTT 5.0)")
class PahoV5IT implements ClientInteropContract {
    @RegisterExtension
    static final RoostBrokerExtension BROKER = new RoostBrokerExtension();

    @Override
    public ClientKind kind() {
        return ClientKind.PAHO_V5;
    }

    @Override
    public RoostBrokerExtension broker() {
        return BROKER;
    }
}
