package dev.roost.interop;

/**
 * One third-party MQTT client library, seen through the few operations the interop tests need. Each implementation
 * is a thin adapter that calls the library's own API the way its documentation shows; it adds no protocol logic.
 *
 * <p>Every blocking operation is bounded (a few seconds) and fails with an {@link AssertionError} naming the client
 * when the broker does not answer as expected. Messages are collected by the library's callback into
 * {@link #inbox()}, from before the first CONNECT, so those a resumed session delivers at once are not missed.
 *
 * <p>Not thread-safe apart from {@link #inbox()}: one test thread drives one client.
 */
public interface InteropClient extends AutoCloseable {

    String clientId();

    /**
     * Connects (again, for a client that was connected before) as its {@link ClientSpec} says.
     *
     * @return the CONNACK's Session Present flag
     * @throws AssertionError if the connection is refused or times out
     */
    boolean connect();

    /** Whether the library believes it is connected (false once it noticed a lost connection). */
    boolean isConnected();

    /** Subscribes to one filter and checks that the broker granted exactly {@code qos}. */
    void subscribe(String filter, int qos);

    /** Publishes and returns once the library reports the QoS flow complete (PUBACK / PUBCOMP received). */
    void publish(String topic, String payload, int qos, boolean retain);

    /** What the library delivered to the application. */
    Inbox inbox();

    /** A normal disconnect: DISCONNECT with reason code 0x00 (so no will), then the socket is closed. */
    void disconnect();

    /** Releases the library's resources, disconnecting first if still connected. Idempotent. */
    @Override
    void close();
}
