package dev.roost.broker.core.connection;

import dev.roost.broker.core.auth.Authenticator;
import dev.roost.broker.core.flow.InboundFlow;
import dev.roost.broker.core.flow.OutboundFlow;
import dev.roost.broker.core.flow.SessionLifecycle;
import dev.roost.broker.core.flow.SubscribeFlow;
import dev.roost.broker.core.lane.Lanes;
import dev.roost.broker.core.session.SessionRegistry;
import java.util.function.BooleanSupplier;

/**
 * The broker-wide services every {@link MqttConnection} hands its packets to. Built once by {@code BrokerCore}.
 *
 * @param shuttingDown true once the broker is closing: connections then close without touching their sessions
 */
public record ConnectionServices(
        Lanes lanes,
        SessionRegistry registry,
        ConnectNegotiation negotiation,
        Authenticator authenticator,
        SessionLifecycle lifecycle,
        InboundFlow inbound,
        OutboundFlow outbound,
        SubscribeFlow subscriptions,
        BooleanSupplier shuttingDown) {
}
