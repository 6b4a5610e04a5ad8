package dev.roost.interop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Eclipse Paho Java {@code mqttv3} 1.2.5 against Roost, speaking MQTT 3.1.1 and MQTT 3.1. */
@DisplayName("Paho Java v3")
class PahoV3IT {
    @RegisterExtension
    static final RoostBrokerExtension BROKER = new RoostBrokerExtension();

    @Nested
    @DisplayName("MQTT 3.1.1")
    class Mqtt311 implements ClientInteropContract {
        @Override
        public ClientKind kind() {
            return ClientKind.PAHO_V3;
        }

        @Override
        public RoostBrokerExtension broker() {
            return BROKER;
        }
    }

    @Nested
    @DisplayName("MQTT 3.1")
    class Mqtt31 implements ClientInteropContract {
        @Override
        public ClientKind kind() {
            return ClientKind.PAHO_V3_MQTT31;
        }

        @Override
        public RoostBrokerExtension broker() {
            return BROKER;
        }
    }
}
