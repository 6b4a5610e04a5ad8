package dev.roost.interop;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HiveMQ MQTT Client's MQTT 5.0 API ({@link Mqtt5AsyncClient}, every future awaited with a bound). Incoming
 * messages go to a global callback registered before the first connect. See {@link InteropClient}.
 */
public final class HiveMq5Client implements InteropClient {
    private final ClientSpec spec;
    private final Mqtt5AsyncClient client;
    private final Inbox inbox;

    public HiveMq5Client(ClientSpec spec) {
        this.spec = spec;
        this.inbox = new Inbox("HiveMQ 5 " + spec.clientId());
        this.client = Mqtt5Client.builder()
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
        Mqtt5ConnectBuilder connect = Mqtt5Connect.builder()
                .cleanStart(spec.cleanStart())
                .sessionExpiryInterval(spec.sessionExpirySeconds())
                .keepAlive(30);
        if (spec.will() != null) {
            connect.willPublish(Mqtt5Publish.builder()
                    .topic(spec.will().topic())
                    .payload(spec.will().payload().getBytes(StandardCharsets.UTF_8))
                    .qos(MqttQos.fromCode(spec.will().qos()))
                    .retain(spec.will().retain())
                    .asWill()
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
        Mqtt5SubAck subAck = HiveMqFutures.await(client.subscribeWith().topicFilter(filter)
                .qos(MqttQos.fromCode(qos)).send(), this, "subscribe to " + filter);
        List<Mqtt5SubAckReasonCode> codes = subAck.getReasonCodes();
        if (codes.size() != 1 || codes.get(0).getCode() != qos) {
            throw new AssertionError(this + ": SUBACK for " + filter + " at QoS " + qos + " has reason codes "
                    + codes);
        }
    }

    @Override
    public void publish(String topic, String payload, int qos, boolean retain) {
        Mqtt5PublishResult result = HiveMqFutures.await(client.publishWith()
                .topic(topic)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.fromCode(qos))
                .retain(retain)
                .send(), this, "publish to " + topic);
        if (result.getError().isPresent()) {
            throw new AssertionError(this + ": publish to " + topic + " failed: " + result.getError().get(),
                    result.getError().get());
        }
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
        return "HiveMQ 5 " + spec.clientId();
    }
}
