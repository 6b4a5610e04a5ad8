package dev.roost.interop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho Java {@code mqttv3} ({@link MqttClient}, the blocking client, with {@link MemoryPersistence}) speaking
 * MQTT 3.1.1 or 3.1. Every blocking call waits at most {@link #WAIT_MILLIS}. See {@link InteropClient}.
 */
public final class PahoV3Client implements InteropClient {
    static final int WAIT_MILLIS = 5_000;
    static final int CONNECT_TIMEOUT_SECONDS = 20;

    private final ClientSpec spec;
    private final int mqttVersion;
    private final MqttClient client;
    private final Inbox inbox;

    /**
     * @param mqttVersion {@link MqttConnectOptions#MQTT_VERSION_3_1_1} or {@link MqttConnectOptions#MQTT_VERSION_3_1}
     */
    public PahoV3Client(ClientSpec spec, int mqttVersion) {
        this.spec = spec;
        this.mqttVersion = mqttVersion;
        this.inbox = new Inbox("Paho v3 " + spec.clientId());
        try {
            client = new MqttClient(spec.serverUri(), spec.clientId(), new MemoryPersistence());
            client.setTimeToWait(WAIT_MILLIS);
        } catch (MqttException e) {
            throw failure("create", e);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                // isConnected() turns false; the tests that cut connections wait on that.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(new Delivery(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publish() blocks until completion already
            }
        });
    }

    @Override
    public String clientId() {
        return spec.clientId();
    }

    @Override
    public boolean connect() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(mqttVersion);
        options.setCleanSession(spec.cleanStart());
        // Longer than the other waits: a resume right after a cut may queue behind the session lane's synchronous
        // fsyncs on a loaded CI disk (seen once: CONNACK after more than 5 s).
        options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(100);
        if (spec.will() != null) {
            options.setWill(spec.will().topic(), spec.will().payload().getBytes(StandardCharsets.UTF_8),
                    spec.will().qos(), spec.will().retain());
        }
        try {
            return client.connectWithResult(options).getSessionPresent();
        } catch (MqttException e) {
            throw failure("connect", e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void subscribe(String filter, int qos) {
        try {
            IMqttToken token = client.subscribeWithResponse(filter, qos);
            int[] granted = token.getGrantedQos();
            if (!Arrays.equals(granted, new int[] {qos})) {
                throw new AssertionError(this + ": SUBACK for " + filter + " at QoS " + qos + " granted "
                        + Arrays.toString(granted));
            }
        } catch (MqttException e) {
            throw failure("subscribe to " + filter, e);
        }
    }

    @Override
    public void publish(String topic, String payload, int qos, boolean retain) {
        try {
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
        } catch (MqttException e) {
            throw failure("publish to " + topic, e);
        }
    }

    @Override
    public Inbox inbox() {
        return inbox;
    }

    @Override
    public void disconnect() {
        try {
            client.disconnect(WAIT_MILLIS);
        } catch (MqttException e) {
            throw failure("disconnect", e);
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                // disconnect(): disconnectForcibly always waits its whole timeout for a token that never completes
                client.disconnect(WAIT_MILLIS);
            }
            client.close(true);
        } catch (MqttException e) {
            throw failure("close", e);
        }
    }

    @Override
    public String toString() {
        return "Paho v3 (" + (mqttVersion == MqttConnectOptions.MQTT_VERSION_3_1 ? "3.1" : "3.1.1") + ") "
                + spec.clientId();
    }

    private AssertionError failure(String action, MqttException e) {
        return new AssertionError(this + " could not " + action + ": reason " + e.getReasonCode() + ", " + e, e);
    }
}
