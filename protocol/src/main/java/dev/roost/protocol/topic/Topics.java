package dev.roost.protocol.topic;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;

/**
 * Validation and matching of topic names and topic filters (section 4.7).
 *
 * <p>Topic names and filters are compared exactly: no normalisation, no substitution of characters [MQTT-4.7.3-4].
 * A topic level may be empty: {@code "a//b"} has three levels, {@code "/x"} two.
 *
 * <p>Stateless; every method is safe to call from any thread. Arguments must not be {@code null}.
 */
public final class Topics {
    /** The most bytes the UTF-8 encoding of a topic name or filter may have [MQTT-4.7.3-3]. */
    public static final int MAX_UTF8_LENGTH = 65_535;

    private Topics() {
    }

    /**
     * Checks a topic name as it appears in a PUBLISH or a will.
     *
     * @throws ProtocolViolation with {@link ReasonCode#TOPIC_NAME_INVALID} when the name is empty [MQTT-4.7.3-1],
     *         holds a wildcard character [MQTT-4.7.1-1] (also [MQTT-3.3.2-2]), holds U+0000 [MQTT-4.7.3-2], holds an
     *         unpaired surrogate [MQTT-1.5.4-1] or encodes to more than 65,535 bytes [MQTT-4.7.3-3]
     */
    public static void validateTopicName(String topicName) {
        ReasonCode reason = ReasonCode.TOPIC_NAME_INVALID;
        if (topicName.isEmpty()) {
            throw new ProtocolViolation(reason, "MQTT-4.7.3-1", "topic name is empty");
        }
        for (int i = 0; i < topicName.length(); i++) {
            char c = topicName.charAt(i);
            if (c == '+' || c == '#') {
                throw new ProtocolViolation(reason, "MQTT-4.7.1-1",
                        "topic name holds wildcard '" + c + "' at index " + i + ": " + topicName);
            }
        }
        checkCharacters(topicName, reason);
    }

    /**
     * Checks a topic filter as it appears in a SUBSCRIBE or UNSUBSCRIBE. A shared subscription filter
     * ({@code $share/ShareName/filter}) is checked as described in {@link SharedFilter#parse(String)}.
     *
     * @throws ProtocolViolation with {@link ReasonCode#TOPIC_FILTER_INVALID} when the filter is empty [MQTT-4.7.3-1],
     *         has a '#' that is not alone in the last level [MQTT-4.7.1-2], a '+' that is not alone in its level
     *         [MQTT-4.7.1-3], holds U+0000 [MQTT-4.7.3-2], an unpaired surrogate [MQTT-1.5.4-1], encodes to more than
     *         65,535 bytes [MQTT-4.7.3-3], or is a malformed shared subscription [MQTT-4.8.2-1], [MQTT-4.8.2-2]
     */
    public static void validateTopicFilter(String topicFilter) {
        if (SharedFilter.parse(topicFilter) == null) {
            validatePlainFilter(topicFilter);
        }
    }

    /** Checks a filter without giving {@code $share/} a meaning; {@link SharedFilter#parse} uses it on its rest. */
    static void validatePlainFilter(String topicFilter) {
        ReasonCode reason = ReasonCode.TOPIC_FILTER_INVALID;
        if (topicFilter.isEmpty()) {
            throw new ProtocolViolation(reason, "MQTT-4.7.3-1", "topic filter is empty");
        }
        int length = topicFilter.length();
        for (int i = 0; i < length; i++) {
            char c = topicFilter.charAt(i);
            boolean alone = (i == 0 || topicFilter.charAt(i - 1) == '/')
                    && (i == length - 1 || topicFilter.charAt(i + 1) == '/');
            if (c == '#' && !(alone && i == length - 1)) {
                throw new ProtocolViolation(reason, "MQTT-4.7.1-2",
                        "'#' must be alone in the last level of a topic filter: " + topicFilter);
            }
            if (c == '+' && !alone) {
                throw new ProtocolViolation(reason, "MQTT-4.7.1-3",
                        "'+' must occupy a whole level of a topic filter: " + topicFilter);
            }
        }
        checkCharacters(topicFilter, reason);
    }

    /**
     * Whether a topic name matches a topic filter (4.7.1, 4.7.2). {@code '#'} matches the parent level and any number
     * of child levels ({@code "sport/#"} matches {@code "sport"}); {@code '+'} matches exactly one level, which may be
     * empty. A filter starting with a wildcard does not match a topic name starting with {@code '$'} [MQTT-4.7.2-1].
     *
     * @param filter a valid plain topic filter; a shared subscription's {@code $share/ShareName/} prefix must be
     *        stripped first (see {@link SharedFilter})
     * @param topic a valid topic name
     */
    public static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("#") || filter.startsWith("+"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        boolean topicExhausted = false;
        while (true) {
            int fEnd = levelEnd(filter, f);
            if (fEnd - f == 1 && filter.charAt(f) == '#') {
                return true;
            }
            if (topicExhausted) {
                return false;
            }
            int tEnd = levelEnd(topic, t);
            boolean plus = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!plus && !(fEnd - f == tEnd - t && filter.regionMatches(f, topic, t, fEnd - f))) {
                return false;
            }
            boolean filterLast = fEnd == filter.length();
            boolean topicLast = tEnd == topic.length();
            if (filterLast) {
                return topicLast;
            }
            // A topic without further levels can still match a remaining "/#".
            topicExhausted = topicLast;
            f = fEnd + 1;
            t = tEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }

    private static void checkCharacters(String s, ReasonCode reason) {
        long utf8Length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                throw new ProtocolViolation(reason, "MQTT-4.7.3-2", "topic holds U+0000 at index " + i);
            }
            if (c < 0x80) {
                utf8Length += 1;
            } else if (c < 0x800) {
                utf8Length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                utf8Length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ProtocolViolation(reason, "MQTT-1.5.4-1", "topic holds an unpaired surrogate at index " + i);
            } else {
                utf8Length += 3;
            }
        }
        if (utf8Length > MAX_UTF8_LENGTH) {
            throw new ProtocolViolation(reason, "MQTT-4.7.3-3",
                    "topic encodes to " + utf8Length + " UTF-8 bytes, more than " + MAX_UTF8_LENGTH);
        }
    }
}
