package dev.roost.client.it;

import dev.roost.client.MessageHandler;
import dev.roost.protocol.packet.Publish;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what a handler receives, for assertions from the test thread. Thread-safe. */
final class Inbox implements MessageHandler {
    private final List<Publish> messages = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(Publish message) {
        messages.add(message);
    }

    List<Publish> messages() {
        return List.copyOf(messages);
    }

    List<String> payloads() {
        return messages.stream().map(m -> new String(m.payload(), StandardCharsets.UTF_8)).toList();
    }

    long count(String payload) {
        return payloads().stream().filter(payload::equals).count();
    }
}
