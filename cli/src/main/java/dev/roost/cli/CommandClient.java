package dev.roost.cli;

import dev.roost.client.ClientClosedException;
import dev.roost.client.ClientConfigBuilder;
import dev.roost.client.ClientListener;
import dev.roost.client.ConnectResult;
import dev.roost.client.ConnectionRefusedException;
import dev.roost.client.MessageHandler;
import dev.roost.client.PublishRejectedException;
import dev.roost.client.RoostClient;
import dev.roost.client.session.InMemoryClientSessionStore;
import dev.roost.client.session.SessionStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link RoostClient} of one run of {@code roost pub} or {@code roost sub}, and the end of that run: the command
 * waits on the client's futures through {@link #await}, which gives up as soon as the run has ended otherwise (the
 * connection was lost, the count was reached, the time ran out).
 *
 * <p>Failures become a {@link CommandFailure} with one line that names the broker and the reason.
 *
 * <p>Threading: {@link #await}, {@link #awaitEnd} and {@link #close} on the command's thread; {@link #end} from any
 * thread (the client's I/O thread, a timer).
 */
final class CommandClient implements AutoCloseable {
    private final ClientOptions options;
    private final RoostClient client;
    private final InMemoryClientSessionStore memoryStore;
    private final PrintWriter err;
    private final String command;
    /** Completes with the exit code of the run, or exceptionally with a {@link CommandFailure}. */
    private final CompletableFuture<Integer> end = new CompletableFuture<>();

    private CommandClient(ClientOptions options, RoostClient client, InMemoryClientSessionStore memoryStore,
                          PrintWriter err, String command) {
        this.options = options;
        this.client = client;
        this.memoryStore = memoryStore;
        this.err = err;
        this.command = command;
    }

    /**
     * Creates the client of {@code options} (nothing goes on the network yet).
     *
     * @param messages receives every message no subscription handler claims
     * @param command "roost pub" or "roost sub", for messages
     * @throws CommandFailure when the session store cannot be opened (in use by another process, unreadable)
     */
    static CommandClient open(ClientOptions options, MessageHandler messages, PrintWriter err, String command) {
        ClientConfigBuilder config = options.clientConfig().defaultHandler(messages);
        InMemoryClientSessionStore memoryStore = null;
        if (options.persistent) {
            config.sessionStoreDirectory(options.storeDirectory());
        } else {
            memoryStore = new InMemoryClientSessionStore();
            config.sessionStore(memoryStore);
        }
        CompletableFuture<Integer> lost = new CompletableFuture<>();
        config.listener(new ClientListener() {
            @Override
            public void onConnectionLost(Throwable cause) {
                lost.completeExceptionally(new CommandFailure(RoostCommand.FAILURE, "lost the connection to "
                        + options.broker() + ": " + reason(cause)));
            }
        });
        RoostClient client;
        try {
            client = RoostClient.create(config.build());
        } catch (SessionStoreException e) {
            throw new CommandFailure(RoostCommand.FAILURE, e.getMessage());
        }
        CommandClient opened = new CommandClient(options, client, memoryStore, err, command);
        lost.whenComplete((code, failure) -> opened.end.completeExceptionally(failure));
        return opened;
    }

    RoostClient client() {
        return client;
    }

    /** Connects; prints the outcome with {@code -d}. */
    ConnectResult connect() {
        ConnectResult result = await(client.connect());
        debug("connected to " + options.broker() + " as '" + result.clientId() + "' (MQTT "
                + (result.version().isV5() ? "5.0" : "3.1.1") + ", session "
                + (result.sessionPresent() ? "present" : "new") + ")");
        return result;
    }

    /** Ends the run with {@code exitCode}, unless it has ended already. */
    void end(int exitCode) {
        end.complete(exitCode);
    }

    /** Ends the run with {@code exitCode} and {@code message} after {@code delay}, unless it has ended before. */
    void endAfter(Duration delay, int exitCode, String message) {
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)
                .execute(() -> end.completeExceptionally(new CommandFailure(exitCode, message)));
    }

    /**
     * Waits for {@code future}, or for the end of the run, whichever comes first.
     *
     * @throws CommandFailure when the future fails or the run ends first; when the run ended with an exit code (the
     *     count was reached), the failure carries that code and no message
     */
    <T> T await(CompletableFuture<T> future) {
        try {
            CompletableFuture.anyOf(future, end).get();
        } catch (ExecutionException e) {
            // reported below, by whichever of the two failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(RoostCommand.FAILURE, "interrupted");
        }
        if (future.isDone()) {
            return outcome(future);
        }
        throw new CommandFailure(outcome(end), null);
    }

    /** Waits for the end of the run; returns its exit code or throws its {@link CommandFailure}. */
    int awaitEnd() {
        try {
            end.get();
        } catch (ExecutionException e) {
            // outcome() reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(RoostCommand.FAILURE, "interrupted");
        }
        return outcome(end);
    }

    /** With {@code -d}: one line on standard error. */
    void debug(String line) {
        if (options.debug) {
            err.println(command + ": " + line);
            err.flush();
        }
    }

    /** Sends DISCONNECT, closes the client and its store; a {@code -c} session stays on disk. */
    @Override
    public void close() {
        client.close();
        if (memoryStore != null) {
            memoryStore.close();
        }
    }

    private <T> T outcome(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw failure(e.getCause());
        }
    }

    private CommandFailure failure(Throwable cause) {
        if (cause instanceof CommandFailure failure) {
            return failure;
        }
        if (cause instanceof ConnectionRefusedException refused) {
            return new CommandFailure(RoostCommand.FAILURE, options.broker() + " refused the connection: "
                    + refused.reasonCode() + reasonSuffix(refused.getMessage()));
        }
        if (cause instanceof PublishRejectedException rejected) {
            return new CommandFailure(RoostCommand.FAILURE, options.broker() + " refused the message: "
                    + rejected.reasonCode() + reasonSuffix(rejected.getMessage()));
        }
        if (cause instanceof IOException || cause instanceof TimeoutException) {
            return new CommandFailure(RoostCommand.FAILURE, "cannot connect to " + options.broker() + ": "
                    + reason(cause));
        }
        if (cause instanceof ClientClosedException || cause instanceof SessionStoreException) {
            return new CommandFailure(RoostCommand.FAILURE, reason(cause));
        }
        return new CommandFailure(RoostCommand.FAILURE, options.broker() + ": " + reason(cause));
    }

    /** The "(reason string)" part of a refusal's message, if the server sent one. */
    private static String reasonSuffix(String message) {
        int open = message.indexOf(" (");
        return open < 0 ? "" : message.substring(open);
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
