package dev.roost.client.it;

/** A broker an integration test talks to on 127.0.0.1. Close it to stop it. */
interface BrokerUnderTest extends AutoCloseable {
    int port();

    /** @return a short name for test output */
    String name();

    /** @return whether this broker assigns a client id to an empty one in MQTT 5.0 and the client can keep it */
    boolean assignsClientIds();

    @Override
    void close();
}
