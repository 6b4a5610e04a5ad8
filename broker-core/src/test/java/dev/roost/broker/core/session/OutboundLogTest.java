package dev.roost.broker.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.core.BrokerSettings.OverflowPolicy;
import dev.roost.broker.core.message.ApplicationMessage;
import dev.roost.broker.core.store.StoredLog;
import dev.roost.protocol.Qos;
import dev.roost.protocol.packet.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log's paging, with a map standing in for the store: the head on the heap, the spilled tail by reference, markers
 * for entries the store does not hold, limits over both, and what a detach leaves.
 */
class OutboundLogTest {
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    /** What the store holds, by sequence. */
    private final Map<Long, OutboundEntry> stored = new HashMap<>();

    private static OutboundEntry entry(long sequence, String payload) {
        ApplicationMessage m = new ApplicationMessage("t", payload.getBytes(StandardCharsets.UTF_8),
                Qos.AT_LEAST_ONCE, false, MessageProperties.NONE, "p", null);
        return OutboundEntry.queued(sequence, m, Qos.AT_LEAST_ONCE, false, List.of());
    }

    /** Stores the entry and enqueues it. */
    private Dropped enqueueStored(OutboundLog log, OutboundEntry e, boolean online, int maxMessages) {
        stored.put(e.sequence(), e);
        return log.enqueue(e, true, online, maxMessages, Long.MAX_VALUE, OverflowPolicy.DROP_NEWEST);
    }

    /** What {@code SessionStore.loadOutbound} does: the stored ones, in the order asked. */
    private List<OutboundEntry> load(long[] sequences) {
        List<OutboundEntry> found = new ArrayList<>();
        for (long s : sequences) {
            if (stored.containsKey(s)) {
                found.add(stored.get(s));
            }
        }
        return found;
    }

    /** Polls everything queued, paging in {@code page} at a time as the flow does. */
    private List<Long> drainQueued(OutboundLog log, int page) {
        List<Long> order = new ArrayList<>();
        for (;;) {
            OutboundEntry e = log.pollQueued();
            if (e != null) {
                order.add(e.sequence());
            } else if (log.needsPage()) {
                log.pageIn(page, load(log.spilledPage(page)));
            } else {
                return order;
            }
        }
    }

    @Test
    void spilledEntriesComeBackInArrivalOrderNotSequenceOrder() {
        OutboundLog log = new OutboundLog();
        for (long seq : new long[] {50, 30, 90, 10, 70}) {
            enqueueStored(log, entry(seq, "x"), false, NO_LIMIT);
        }
        assertThat(log.inMemoryCount()).isZero();
        assertThat(log.spilledPage(3)).containsExactly(50, 30, 90);
        assertThat(drainQueued(log, 2)).containsExactly(50L, 30L, 90L, 10L, 70L);
        assertThat(log.queuedCount()).isZero();
        assertThat(log.queuedBytes()).isZero();
    }

    @Test
    void anOnlineSessionKeepsAWindowOnTheHeapAndSpillsBehindIt() {
        OutboundLog log = new OutboundLog(2);
        for (long seq = 1; seq <= 5; seq++) {
            enqueueStored(log, entry(seq, "x"), true, NO_LIMIT);
        }
        assertThat(log.inMemoryCount()).isEqualTo(2);
        assertThat(log.spilledCount()).isEqualTo(3);
        assertThat(log.pollQueued().sequence()).isEqualTo(1);
        enqueueStored(log, entry(6, "x"), true, NO_LIMIT);
        assertThat(log.spilledCount()).as("behind spilled entries, never ahead of them").isEqualTo(4);
        assertThat(drainQueued(log, 2)).containsExactly(2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void anEntryTheStoreDoesNotHoldKeepsItsPlaceAsAMarker() {
        OutboundLog log = new OutboundLog(1);
        enqueueStored(log, entry(1, "a"), true, NO_LIMIT);
        enqueueStored(log, entry(2, "b"), true, NO_LIMIT);
        log.enqueue(entry(3, "c"), false, true, NO_LIMIT, Long.MAX_VALUE, OverflowPolicy.DROP_NEWEST);
        enqueueStored(log, entry(4, "d"), true, NO_LIMIT);
        assertThat(log.inMemoryCount()).as("the head and the marker's object").isEqualTo(2);
        assertThat(log.spilledPage(10)).as("only stored entries are loaded").containsExactly(2, 4);
        assertThat(drainQueued(log, 10)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anEntryDeletedWhileSpilledIsLeftOutAndItsBytesForgotten() {
        OutboundLog log = new OutboundLog();
        enqueueStored(log, entry(1, "aaaa"), false, NO_LIMIT);
        enqueueStored(log, entry(2, "bb"), false, NO_LIMIT);
        assertThat(log.queuedBytes()).isEqualTo(6);
        stored.remove(1L);
        log.pageIn(10, load(log.spilledPage(10)));
        assertThat(log.queuedCount()).isEqualTo(1);
        assertThat(log.queuedBytes()).isEqualTo(2);
        assertThat(log.pollQueued().sequence()).isEqualTo(2);
    }

    @Test
    void limitsCountTheHeadAndTheSpilledTailTogether() {
        OutboundLog log = new OutboundLog(2);
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(enqueueStored(log, entry(seq, "xx"), true, 3).isEmpty()).isTrue();
        }
        OutboundEntry fourth = entry(4, "xx");
        assertThat(enqueueStored(log, fourth, true, 3).contains(fourth)).as("DROP_NEWEST").isTrue();
        Dropped overBytes = log.enqueue(entry(5, "xx"), true, true, NO_LIMIT, 7, OverflowPolicy.DROP_NEWEST);
        assertThat(overBytes.entries()).extracting(OutboundEntry::sequence).containsExactly(5L);
        assertThat(log.queuedCount()).isEqualTo(3);
        assertThat(log.queuedBytes()).isEqualTo(6);
    }

    @Test
    void dropOldestTakesFromTheHeadFirstThenFromTheSpilledFront() {
        OutboundLog log = new OutboundLog(1);
        for (long seq = 1; seq <= 3; seq++) {
            log.enqueue(entry(seq, "x"), true, true, 3, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST);
        }
        Dropped first = log.enqueue(entry(4, "x"), true, true, 3, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST);
        assertThat(first.entries()).extracting(OutboundEntry::sequence).containsExactly(1L);
        assertThat(first.spilled()).isEmpty();
        Dropped second = log.enqueue(entry(5, "x"), true, true, 3, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST);
        assertThat(second.entries()).isEmpty();
        assertThat(second.spilled()).as("deleted by sequence, never loaded").containsExactly(2);
        assertThat(log.spilledPage(10)).containsExactly(3, 4, 5);
    }

    @Test
    void dropOldestHandsBackAMarkersObject() {
        OutboundLog log = new OutboundLog();
        OutboundEntry held = entry(1, "x");
        log.enqueue(held, false, false, 1, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST);
        Dropped dropped = log.enqueue(entry(2, "x"), true, false, 1, Long.MAX_VALUE, OverflowPolicy.DROP_OLDEST);
        assertThat(dropped.entries()).containsExactly(held);
        assertThat(log.inMemoryCount()).isZero();
    }

    @Test
    void detachMovesTheHeadInFrontOfTheTailAndTheInFlightEntriesOffTheHeap() {
        OutboundLog log = new OutboundLog(3);
        for (long seq = 1; seq <= 6; seq++) {
            enqueueStored(log, entry(seq, "x"), true, NO_LIMIT);
        }
        List<OutboundEntry> sent = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            OutboundEntry s = log.markSent(log.pollQueued());
            stored.put(s.sequence(), s);
            sent.add(s);
        }
        OutboundEntry released = log.pubRecReceived(sent.get(0).packetId());
        stored.put(released.sequence(), released);
        log.enqueue(entry(7, "transient"), false, true, NO_LIMIT, Long.MAX_VALUE, OverflowPolicy.DROP_NEWEST);

        log.detach();

        assertThat(log.inMemoryCount()).as("only the marker's object").isEqualTo(1);
        assertThat(log.inflightCount()).isZero();
        assertThat(log.spilledInflight()).as("in the order first sent").containsExactly(1, 2);
        assertThat(log.spilledPage(10)).containsExactly(3, 4, 5, 6);

        log.restoreInflight(load(log.spilledInflight()));
        assertThat(log.spilledInflight()).isEmpty();
        log.beginResend();
        OutboundEntry first = log.pollResend();
        assertThat(first.state()).isEqualTo(OutboundEntry.State.PUBREL_SENT);
        assertThat(first.packetId()).isEqualTo(sent.get(0).packetId());
        assertThat(log.pollResend().packetId()).isEqualTo(sent.get(1).packetId());
        assertThat(log.pollResend()).isNull();
        assertThat(drainQueued(log, 2)).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(log.markSent(entry(8, "x")).packetId()).as("restored ids stay taken")
                .isNotIn(sent.get(0).packetId(), sent.get(1).packetId());
    }

    @Test
    void aStartUpLogIsAllReferences() {
        OutboundLog log = new OutboundLog();
        log.addSpilledInflight(4);
        log.addSpilled(9, 100);
        log.addSpilled(7, 20);
        assertThat(log.inMemoryCount()).isZero();
        assertThat(log.queuedCount()).isEqualTo(2);
        assertThat(log.queuedBytes()).isEqualTo(120);
        assertThat(log.hasPending()).isTrue();
        assertThat(log.spilledInflight()).containsExactly(4);
        assertThat(log.spilledPage(10)).containsExactly(9, 7);
    }

    @Test
    void aStoredLogIsTakenWholeAsReferences() {
        OutboundLog log = new OutboundLog();
        log.addSpilled(StoredLog.builder().inflight(2).inflight(3).queued(5, 10).queued(8, 20).build());
        assertThat(log.inMemoryCount()).isZero();
        assertThat(log.spilledInflight()).containsExactly(2, 3);
        assertThat(log.spilledPage(10)).containsExactly(5, 8);
        assertThat(log.queuedBytes()).isEqualTo(30);
        log.addSpilled(StoredLog.EMPTY);
        assertThat(log.queuedCount()).isEqualTo(2);
    }

    @Test
    void packetIdsGoOnCyclingAcrossADetach() {
        OutboundLog log = new OutboundLog();
        int first = log.markSent(entry(1, "x")).packetId();
        log.detach();
        log.restoreInflight(List.of());
        assertThat(log.markSent(entry(2, "x")).packetId()).isEqualTo(first + 1);
    }

    @Test
    void clearEmptiesEverythingAndFreesThePacketIds() {
        OutboundLog log = new OutboundLog(1);
        enqueueStored(log, entry(1, "x"), true, NO_LIMIT);
        enqueueStored(log, entry(2, "x"), true, NO_LIMIT);
        log.markSent(log.pollQueued());
        log.clear();
        assertThat(log.hasPending()).isFalse();
        assertThat(log.queuedCount()).isZero();
        assertThat(log.inflightCount()).isZero();
        assertThat(log.queuedBytes()).isZero();
        assertThat(log.markSent(entry(3, "x")).packetId()).isPositive();
    }
}
