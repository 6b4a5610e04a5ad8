package dev.roost.bench.scenario;

import dev.roost.bench.load.Launcher;
import java.util.List;

/**
 * Discards the persistent sessions a scenario left on the broker: each client id connects once more with Clean Start
 * (Clean Session) and, in 5.0, Session Expiry 0, then disconnects. Stateless.
 */
final class SessionCleanup {
    private SessionCleanup() {
    }

    /** @return how many sessions could not be discarded */
    static int discard(ScenarioContext ctx, int count, String role) {
        List<Launcher.Outcome<Boolean>> outcomes = Fleet.connect(ctx, "discarding sessions", count,
                i -> ctx.network().connect(ctx.client(role, i))
                        .thenCompose(c -> c.disconnect(ctx.timeout()))
                        .thenApply(closed -> Boolean.TRUE),
                Long.MAX_VALUE);
        return (int) outcomes.stream().filter(o -> !o.succeeded()).count();
    }
}
