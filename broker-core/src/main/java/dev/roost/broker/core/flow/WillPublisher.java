package dev.roost.broker.core.flow;

import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.protocol.packet.Will;
import java.time.Clock;
import java.time.Instant;

/** Publishes a session's will message as if its client had published it (3.1.2.5). Thread-safe. */
public final class WillPublisher {
    private final Router router;
    private final Clock clock;

    public WillPublisher(Router router, Clock clock) {
        this.router = router;
        this.clock = clock;
    }

    public void publish(String clientId, Will will) {
        Instant now = clock.instant();
        Long interval = will.properties().messageExpiryIntervalSeconds();
        router.publish(new ApplicationMessage(will.topic(), will.payload(), will.qos(), will.retain(),
                will.properties(), clientId, interval == null ? null : now.plusSeconds(interval)));
    }
}
