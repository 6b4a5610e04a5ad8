package dev.roost.broker.core.lane;

import dev.roost.broker.core.connection.Connection;
import dev.roost.protocol.packet.Packet;
import java.time.Duration;
import java.util.List;

/**
 * A transport connection whose output, when produced on a lane, waits in that lane's {@link Outbox} until the lane's
 * batch of work is durable: an acknowledgement never leaves before the write it acknowledges. Output produced
 * elsewhere (the I/O thread answering before any session exists, a shutdown) goes straight to the transport.
 *
 * <p>Thread-safe, as {@link Connection} requires.
 */
public final class GatedConnection implements Connection {
    private final Connection transport;
    private final Lanes lanes;

    public GatedConnection(Connection transport, Lanes lanes) {
        this.transport = transport;
        this.lanes = lanes;
    }

    @Override
    public void send(Packet packet) {
        Outbox outbox = lanes.currentOutbox();
        if (outbox == null) {
            transport.send(packet);
        } else {
            outbox.send(transport, packet);
        }
    }

    @Override
    public void sendAndClose(Packet packet) {
        Outbox outbox = lanes.currentOutbox();
        if (outbox == null) {
            transport.sendAndClose(packet);
        } else {
            outbox.close(transport, packet);
        }
    }

    @Override
    public void sendAll(List<Packet> packets, boolean close) {
        Outbox outbox = lanes.currentOutbox();
        if (outbox == null) {
            transport.sendAll(packets, close);
            return;
        }
        for (Packet p : packets) {
            outbox.send(transport, p);
        }
        if (close) {
            outbox.close(transport, null);
        }
    }

    @Override
    public void close() {
        Outbox outbox = lanes.currentOutbox();
        if (outbox == null) {
            transport.close();
        } else {
            outbox.close(transport, null);
        }
    }

    @Override
    public void pauseReading() {
        transport.pauseReading();
    }

    @Override
    public void resumeReading() {
        transport.resumeReading();
    }

    @Override
    public void armKeepAlive(Duration idleLimit) {
        transport.armKeepAlive(idleLimit);
    }

    @Override
    public boolean isWritable() {
        return transport.isWritable();
    }

    @Override
    public String remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
