package dev.roost.client.it;

import dev.roost.client.ClientListener;
import dev.roost.client.ConnectResult;
import dev.roost.client.DiscardedSessionState;
import dev.roost.client.PublishResult;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a client tells its listener. Thread-safe. */
final class RecordingListener implements ClientListener {
    final List<ConnectResult> connected = new CopyOnWriteArrayList<>();
    final List<DiscardedSessionState> discarded = new CopyOnWriteArrayList<>();
    final List<String> storedCompleted = new CopyOnWriteArrayList<>();
    final List<String> storedFailed = new CopyOnWriteArrayList<>();
    final List<Throwable> lost = new CopyOnWriteArrayList<>();

    @Override
    public void onConnected(ConnectResult result) {
        connected.add(result);
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        lost.add(cause);
    }

    @Override
    public void onSessionStateDiscarded(DiscardedSessionState state) {
        discarded.add(state);
    }

    @Override
    public void onStoredPublishCompleted(Publish message, PublishResult result) {
        storedCompleted.add(new String(message.payload(), StandardCharsets.UTF_8));
    }

    @Override
    public void onStoredPublishFailed(Publish message, Throwable cause) {
        storedFailed.add(new String(message.payload(), StandardCharsets.UTF_8));
    }
}
