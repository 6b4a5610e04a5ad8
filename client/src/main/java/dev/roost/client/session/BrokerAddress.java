package dev.roost.client.session;

import java.util.Locale;
import java.util.Objects;

/**
 * The broker a session belongs to: host and port. Sessions are kept per broker because a client identifier names a
 * session only on the server that holds it. The host is compared without regard to case.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host a host name or IP literal, never {@code null} or empty; stored in lower case
 * @param port 1 to 65535
 */
public record BrokerAddress(String host, int port) {
    public BrokerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535: " + port);
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    public static BrokerAddress of(String host, int port) {
        return new BrokerAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
