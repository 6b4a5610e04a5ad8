package dev.roost.interop;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ MQTT Client's MQTT 3.1.1 API ({@link Mqtt3AsyncClient}, every future awaited with a bound). Incoming
 * messages go to a global callback registered before the first connect. See {@link InteropClient}.
 */
public final class HiveMq3Client implements InteropClient {
    private final ClientSpec spec;
    private final Mqtt3AsyncClient client;
    private final Inbox inbox;

    public HiveMq3Client(ClientSpec spec) {
        this.spec = spec;
        this.inbox = new Inbox("HiveMQ 3 " + spec.clientId());
        this.client = Mqtt3Client.builder()
                .identifier(spec.clientId())
                .serverHost("127.0.0.1")
                .serverPort(spec.port())
                .transportConfig()
                    .socketConnectTimeout(HiveMqFutures.WAIT_SECONDS, TimeUnit.SECONDS)
                    .mqttConnectTimeout(HiveMqFutures.CONNECT_WAIT_SECONDS, TimeUnit.SECONDS)
                    .applyTransportConfig()
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, publish -> inbox.add(new Delivery(
                publish.getTopic().toString(), new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8),
                publish.getQos().getCode(), publish.isRetain())));
    }

    @Override
    public String clientId() {
        return spec.clientId();
    }

    @Override
    public boolean connect() {
        Mqtt3ConnectBuilder connect = Mqtt3Connect.builder().cleanSession(spec.cleanStart()).keepAlive(30);
        if (spec.will() != null) {
            connect.willPublish(Mqtt3Publish.builder()
                    .topic(spec.will().topic())
                    .payload(spec.will().payload().getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.fromCode(spec.will().qos()))
                    .retain(spec.will().retain())
                    .build());
        }
        return HiveMqFutures.awaitConnect(client.connect(connect.build()), this).isSessionPresent();
    }

    @Override
    public boolean isConnected() {
        return client.getState().isConnected();
    }

    @Override
    public void subscribe(String filter, int qos) {
        Mqtt3SubAck subAck = HiveMqFutures.await(client.subscribeWith().topicFilter(filter)
                .qos(MqttQos.fromCode(qos)).send(), this, "subscribe to " + filter);
        List<Mqtt3SubAckReturnCode> codes = subAck.getReturnCodes();
        if (codes.size() != 1 || codes.get(0).getCode() != qos) {
            throw new AssertionError(this + ": SUBACK for " + filter + " at QoS " + qos + " returned " + codes);
        }
    }

    @Override
    public void publish(String topic, String payload, int qos, boolean retain) {
        HiveMqFutures.await(client.publishWith()
                .topic(topic)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.fromCode(qos))
                .retain(retain)
                .send(), this, "publish to " + topic);
    }

    @Override
    public Inbox inbox() {
        return inbox;
    }

    @Override
    public void disconnect() {
        HiveMqFutures.await(client.disconnect(), this, "disconnect");
    }

    @Override
    public void close() {
        if (client.getState().isConnectedOrReconnect()) {
            disconnect();
        }
    }

    @Override
    public String toString() {
        return "HiveMQ 3 " + spec.clientId();
    }
}
