package dev.roost.bench.scenario;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The shape of a queued-messages fill, shared by {@code fill} and {@code drain} (which may run in another process,
 * after a broker restart): {@code sessions} persistent sessions {@code <prefix>-<i>}, in groups of {@code groupSize};
 * session {@code i} subscribes at QoS 1 to its group's topic {@code <prefix>/g/<i / groupSize>}, and each group topic
 * gets {@code messagesEach} messages, so every session has {@code messagesEach} queued, {@code sessions ×
 * messagesEach} in all, from only {@code groups × messagesEach} publishes. The messages of group {@code g} are stream
 * {@code g}, sequences 0 to {@code messagesEach − 1}. Immutable.
 *
 * @param prefix client ids and topics start with it; never {@code null} or blank, no {@code /}, {@code +} or {@code #}
 */
public record FillPlan(String prefix, int sessions, int messagesEach, int groupSize) {
    public FillPlan {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || prefix.chars().anyMatch(c -> c == '/' || c == '+' || c == '#')) {
            throw new IllegalArgumentException("the prefix must be a plain word, without / + #: '" + prefix + "'");
        }
        if (sessions < 1 || messagesEach < 1 || groupSize < 1) {
            throw new IllegalArgumentException("sessions, messages and group size must be at least 1");
        }
    }

    /** @return how many group topics there are */
    public int groups() {
        return (sessions + groupSize - 1) / groupSize;
    }

    public String clientId(int session) {
        return prefix + "-" + session;
    }

    public int groupOf(int session) {
        return session / groupSize;
    }

    public String topic(int group) {
        return prefix + "/g/" + group;
    }

    /** @return how many sessions subscribe to group {@code group}'s topic (the last group may be smaller) */
    public int sessionsIn(int group) {
        return Math.min(groupSize, sessions - group * groupSize);
    }

    /** @return the queue entries the fill should leave on the broker: {@code sessions × messagesEach} */
    public long entries() {
        return (long) sessions * messagesEach;
    }

    /**
     * Splits the groups among {@code publishers} into contiguous ranges whose sizes differ by at most one.
     *
     * @return the first group of publisher {@code publisher}; its range ends where the next one's starts, and
     *     {@code firstGroup(publishers, publishers)} is {@link #groups()}
     */
    public int firstGroup(int publisher, int publishers) {
        return (int) ((long) groups() * publisher / publishers);
    }

    /**
     * A reproducible random sample of session indices, in ascending order: all of them when {@code count} is at
     * least {@link #sessions()}.
     */
    public int[] sample(int count, long seed) {
        int[] all = new int[sessions];
        for (int i = 0; i < sessions; i++) {
            all[i] = i;
        }
        if (count >= sessions) {
            return all;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) { // partial Fisher-Yates: the first count places are the sample
            int j = i + random.nextInt(sessions - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] picked = Arrays.copyOf(all, Math.max(0, count));
        Arrays.sort(picked);
        return picked;
    }
}
