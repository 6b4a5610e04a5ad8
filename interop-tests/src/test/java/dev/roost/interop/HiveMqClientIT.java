package dev.roost.interop;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HiveMQ MQTT Client 1.3.7 against Roost, through its MQTT 3 and its MQTT 5 API. */
@DisplayName("HiveMQ MQTT Client")
class HiveMqClientIT {
    @RegisterExtension
    static final RoostBrokerExtension BROKER = new RoostBrokerExtension();

    @Nested
    @DisplayName("Mqtt3Client (MQTT 3.1.1)")
    class Mqtt3 implements ClientInteropContract {
        @Override
        public ClientKind kind() {
            return ClientKind.HIVEMQ_3;
        }

        @Override
        public RoostBrokerExtension broker() {
            return BROKER;
        }
    }

    @Nested
    @DisplayName("Mqtt5Client (MQTT 5.0)")
    class Mqtt5 implements ClientInteropContract {
        @Override
        public ClientKind kind() {
            return ClientKind.HIVEMQ_5;
        }

        @Override
        public RoostBrokerExtension broker() {
            return BROKER;
        }
    }
}
