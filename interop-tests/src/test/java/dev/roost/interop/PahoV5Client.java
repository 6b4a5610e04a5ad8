package dev.roost.interop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Eclipse Paho Java {@code mqttv5} ({@link MqttClient}, the blocking client, with {@link MemoryPersistence}) speaking
 * MQTT 5.0. Every blocking call waits at most {@link PahoV3Client#WAIT_MILLIS}. See {@link InteropClient}.
 */
public final class PahoV5Client implements InteropClient {
    private static final int WAIT_MILLIS = PahoV3Client.WAIT_MILLIS;

    private final ClientSpec spec;
    private final MqttClient client;
    private final Inbox inbox;

    public PahoV5Client(ClientSpec spec) {
        this.spec = spec;
        this.inbox = new Inbox("Paho v5 " + spec.clientId());
        try {
            client = new MqttClient(spec.serverUri(), spec.clientId(), new MemoryPersistence());
            client.setTimeToWait(WAIT_MILLIS);
        } catch (MqttException e) {
            throw failure("create", e);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                // isConnected() turns false; the tests that cut connections wait on that.
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // surfaces as a failed token of the operation the test is waiting on
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                inbox.add(new Delivery(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                        message.getQos(), message.isRetained()));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // publish() blocks until completion already
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // connect() returns the CONNACK itself
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication in these tests
            }
        });
    }

    @Override
    public String clientId() {
        return spec.clientId();
    }

    @Override
    public boolean connect() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(spec.cleanStart());
        options.setSessionExpiryInterval(spec.sessionExpirySeconds());
        options.setConnectionTimeout(PahoV3Client.CONNECT_TIMEOUT_SECONDS);
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(false);
        if (spec.will() != null) {
            MqttMessage will = new MqttMessage(spec.will().payload().getBytes(StandardCharsets.UTF_8));
            will.setQos(spec.will().qos());
            will.setRetained(spec.will().retain());
            options.setWill(spec.will().topic(), will);
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
            IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)});
            int[] reasonCodes = token.getReasonCodes();
            if (!Arrays.equals(reasonCodes, new int[] {qos})) {
                throw new AssertionError(this + ": SUBACK for " + filter + " at QoS " + qos + " has reason codes "
                        + Arrays.toString(reasonCodes));
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
        return "Paho v5 " + spec.clientId();
    }

    private AssertionError failure(String action, MqttException e) {
        return new AssertionError(this + " could not " + action + ": reason " + e.getReasonCode() + ", " + e, e);
    }
}
