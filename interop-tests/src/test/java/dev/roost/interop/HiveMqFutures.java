package dev.roost.interop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Bounded waits on the HiveMQ client's futures, turned into test failures that name the client and the action. */
final class HiveMqFutures {
    static final int WAIT_SECONDS = 5;

    private HiveMqFutures() {
    }

    static <T> T await(CompletableFuture<T> future, Object client, String action) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(client + " could not " + action + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(client + " could not " + action + " within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(client + " was interrupted during " + action, e);
        }
    }
}
