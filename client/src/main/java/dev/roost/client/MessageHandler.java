package dev.roost.client;

import dev.roost.protocol.packet.Publish;

/**
 * Receives the messages of a topic filter (see {@link RoostClient#subscribe}) or those no filter claims (the
 * {@link ClientConfigBuilder#defaultHandler default handler}).
 *
 * <p><b>Threading:</b> called on the client's I/O thread, one message at a time, in the order the server sent them.
 * It must not block: hand long work to an executor. It must not call {@link BlockingRoostClient} methods (they would
 * wait for this very thread); the asynchronous {@link RoostClient} methods are fine.
 *
 * <p><b>Acknowledgement:</b> the client acknowledges a QoS 1 message (PUBACK) and records a QoS 2 one as received
 * (PUBREC) after this method returns, so a message is never acknowledged before the application had it. An exception
 * thrown here is logged and the message still counts as delivered.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * @param message the PUBLISH as received: topic, payload, QoS, retain, DUP (a redelivery the server was not sure
     *     about), properties; never {@code null}
     */
    void onMessage(Publish message);
}
