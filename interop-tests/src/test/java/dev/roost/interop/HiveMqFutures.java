package dev.roost.interop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on the HiveMQ client's futures, turned into test failures that name the client and the action. */
final class HiveMqFutures {
    static final int WAIT_SECONDS = 5;
    /** A resume right after a cut may queue behind the session lane's synchronous fsyncs on a loaded CI disk. */
    static final int CONNECT_WAIT_SECONDS = 20;

    private HiveMqFutures() {
    }

    static <T> T awaitConnect(CompletableFuture<T> future, Object client) {
        return await(future, client, "connect", CONNECT_WAIT_SECONDS);
    }

    static <T> T await(CompletableFuture<T> future, Object client, String action) {
        return await(future, client, action, WAIT_SECONDS);
    }

    private static <T> T await(CompletableFuture<T> future, Object client, String action, int seconds) {
        try {
            return future.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(client + " could not " + action + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(client + " could not " + action + " within " + seconds + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(client + " was interrupted during " + action, e);
        }
    }
}
