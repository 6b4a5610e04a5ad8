package dev.roost.broker.core.auth;

import dev.roost.protocol.ReasonCode;

/**
 * Decides whether a client may connect. Called on the client's session lane during CONNECT; must not block for long.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Authenticator {

    /** Lets every client in. */
    Authenticator ALLOW_ALL = (clientId, username, password) -> ReasonCode.SUCCESS;

    /**
     * @param username {@code null} when none was sent
     * @param password {@code null} when none was sent
     * @return {@link ReasonCode#SUCCESS}, or the refusal to send in CONNACK (e.g. BAD_USER_NAME_OR_PASSWORD,
     *     NOT_AUTHORIZED)
     */
    ReasonCode authenticate(String clientId, String username, byte[] password);
}
