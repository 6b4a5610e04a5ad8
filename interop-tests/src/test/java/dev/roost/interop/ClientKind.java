package dev.roost.interop;

import java.util.function.Function;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/** The third-party client libraries and protocol versions the interop tests run, each with its adapter. */
public enum ClientKind {
    PAHO_V3_MQTT31("Paho Java v3", "3.1", spec -> new PahoV3Client(spec, MqttConnectOptions.MQTT_VERSION_3_1)),
    PAHO_V3("Paho Java v3", "3.1.1", spec -> new PahoV3Client(spec, MqttConnectOptions.MQTT_VERSION_3_1_1)),
    PAHO_V5("Paho Java v5", "5.0", PahoV5Client::new),
    HIVEMQ_3("HiveMQ client", "3.1.1", HiveMq3Client::new),
    HIVEMQ_5("HiveMQ client", "5.0", HiveMq5Client::new);

    private final String library;
    private final String mqttVersion;
    private final Function<ClientSpec, InteropClient> factory;

    ClientKind(String library, String mqttVersion, Function<ClientSpec, InteropClient> factory) {
        this.library = library;
        this.mqttVersion = mqttVersion;
        this.factory = factory;
    }

    /** A new, not yet connected client. */
    public InteropClient create(ClientSpec spec) {
        return factory.apply(spec);
    }

    /** A new client, connected; fails the test if it is refused. */
    public InteropClient connect(ClientSpec spec) {
        InteropClient client = create(spec);
        try {
            client.connect();
            return client;
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    public boolean isV5() {
        return mqttVersion.equals("5.0");
    }

    @Override
    public String toString() {
        return library + " (MQTT " + mqttVersion + ")";
    }
}
