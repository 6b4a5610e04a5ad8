package dev.roost.broker.core;

import dev.roost.broker.core.BrokerSettings.SharedSubscriptionPolicy;
import dev.roost.broker.core.auth.Authenticator;
import dev.roost.broker.core.connection.ConnectNegotiation;
import dev.roost.broker.core.connection.Connection;
import dev.roost.broker.core.connection.ConnectionServices;
import dev.roost.broker.core.connection.MqttConnection;
import dev.roost.broker.core.connection.ProtocolHandler;
import dev.roost.broker.core.flow.InboundFlow;
import dev.roost.broker.core.flow.OutboundFlow;
import dev.roost.broker.core.flow.Router;
import dev.roost.broker.core.flow.SessionLifecycle;
import dev.roost.broker.core.flow.SessionRecovery;
import dev.roost.broker.core.flow.SubscribeFlow;
import dev.roost.broker.core.flow.WillPublisher;
import dev.roost.broker.core.lane.GatedConnection;
import dev.roost.broker.core.lane.LaneTimers;
import dev.roost.broker.core.lane.Lanes;
import dev.roost.broker.core.lane.Scheduler;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.routing.RetainedMessages;
import dev.roost.broker.core.routing.SharedSubscriberChoice;
import dev.roost.broker.core.routing.SubscriptionTree;
import dev.roost.broker.core.session.ConnectionState;
import dev.roost.broker.core.session.DropCounters;
import dev.roost.broker.core.session.Sequences;
import dev.roost.broker.core.session.Session;
import dev.roost.broker.core.session.SessionRegistry;
import dev.roost.broker.core.store.InMemorySessionStore;
import dev.roost.broker.core.store.SessionStore;
import dev.roost.protocol.ReasonCode;
import dev.roost.protocol.packet.Disconnect;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The broker without its transport: sessions, routing, retained messages and wills. The transport hands each new
 * connection to {@link #accept(Connection)} and feeds the returned handler. Wiring reads top to bottom in the
 * constructor.
 *
 * <p>Thread-safe.
 */
public final class BrokerCore implements AutoCloseable {
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Lanes lanes;
    private final SessionRegistry registry;
    private final DropCounters drops;
    private final RetainedMessages<ApplicationMessage> retained;
    private final ConnectionServices services;
    private final SessionRecovery.Summary recovered;

    /** A broker on an in-memory store that lets every client in. */
    public BrokerCore(BrokerSettings settings, Clock clock, Scheduler scheduler) {
        this(settings, clock, scheduler, new InMemorySessionStore(), Authenticator.ALLOW_ALL);
    }

    /**
     * A broker on {@code store}, whose sessions and retained messages it recovers before returning. The store stays
     * owned by the caller, who closes it after this core.
     */
    public BrokerCore(BrokerSettings settings, Clock clock, Scheduler scheduler, SessionStore store,
                      Authenticator authenticator) {
        lanes = new Lanes(settings.lanes(), "roost-lane", store::sync);
        registry = new SessionRegistry();
        drops = new DropCounters();
        SharedSubscriberChoice sharedChoice = settings.sharedSubscriptionPolicy() == SharedSubscriptionPolicy.ROUND_ROBIN
                ? SharedSubscriberChoice.roundRobin(registry::isOnline)
                : SharedSubscriberChoice.leastLoaded(registry::isOnline, registry::inflightOf);
        SubscriptionTree tree = new SubscriptionTree(sharedChoice);
        retained = new RetainedMessages<>();
        Sequences sequences = new Sequences();
        OutboundFlow outbound = new OutboundFlow(settings, clock, registry, drops, store, sequences);
        Router router = new Router(tree, retained, lanes, outbound, store);
        LaneTimers timers = new LaneTimers(clock, scheduler, lanes);
        SessionLifecycle lifecycle = new SessionLifecycle(settings, registry, tree, timers,
                new WillPublisher(router, clock), store);
        recovered = new SessionRecovery(registry, tree, retained, lifecycle, sequences).recover(store, clock);
        services = new ConnectionServices(lanes, registry, new ConnectNegotiation(settings), authenticator, lifecycle,
                new InboundFlow(settings, clock, router, store), outbound,
                new SubscribeFlow(settings, clock, tree, retained, outbound, store), closing::get);
    }

    /** What was loaded from the store at start-up. */
    public SessionRecovery.Summary recovered() {
        return recovered;
    }

    /** The lanes, for tests in this package that must hold one up. */
    Lanes lanes() {
        return lanes;
    }

    /** Creates the protocol handler for a newly accepted connection. */
    public ProtocolHandler accept(Connection connection) {
        return new MqttConnection(services, new GatedConnection(connection, lanes));
    }

    /** Number of sessions that have a connection attached. */
    public int connectedClients() {
        return (int) registry.all().stream().filter(Session::isOnline).count();
    }

    /** Number of sessions held, online or not. */
    public int sessionCount() {
        return registry.size();
    }

    /**
     * The session of {@code clientId}, or {@code null}: for tests and diagnostics. Its state belongs to its lane; read
     * it only while that lane is idle.
     */
    public Session session(String clientId) {
        return registry.get(clientId);
    }

    public int retainedCount() {
        return retained.size();
    }

    /** Messages not delivered, by reason. */
    public DropCounters drops() {
        return drops;
    }

    /**
     * Disconnects every client (5.0: DISCONNECT 0x8B Server shutting down) and stops the lanes. Sessions stay as they
     * are; wills are not published for a shutdown. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        for (Session session : registry.all()) {
            ConnectionState c = session.connection();
            if (c == null) {
                continue;
            }
            if (c.version().isV5()) {
                c.connection().sendAndClose(Disconnect.of(ReasonCode.SERVER_SHUTTING_DOWN));
            } else {
                c.connection().close();
            }
        }
        lanes.close();
    }
}
