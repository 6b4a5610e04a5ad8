package dev.roost.protocol.topic;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import java.util.Objects;

/**
 * A shared subscription's topic filter {@code $share/{ShareName}/{filter}} taken apart (4.8.2). Immutable.
 *
 * @param group the ShareName: at least one character, no {@code '/'}, {@code '+'} or {@code '#'}; never {@code null}
 * @param filter the topic filter the group subscribes to, a valid plain filter; never {@code null}
 */
public record SharedFilter(String group, String filter) {
    /** The prefix that makes a topic filter a shared subscription. */
    public static final String PREFIX = "$share/";

    public SharedFilter {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * Parses a topic filter as a shared subscription.
     *
     * @param topicFilter any topic filter, not {@code null}
     * @return {@code null} when the filter does not start with {@code "$share/"}, i.e. is not a shared subscription
     * @throws ProtocolViolation with {@link ReasonCode#TOPIC_FILTER_INVALID} when the ShareName is empty
     *         [MQTT-4.8.2-1], contains {@code '/'}, {@code '+'} or {@code '#'} or is not followed by {@code '/'} and a
     *         topic filter [MQTT-4.8.2-2], or when that filter is invalid (see {@link Topics#validateTopicFilter})
     */
    public static SharedFilter parse(String topicFilter) {
        if (!topicFilter.startsWith(PREFIX)) {
            return null;
        }
        ReasonCode reason = ReasonCode.TOPIC_FILTER_INVALID;
        int slash = topicFilter.indexOf('/', PREFIX.length());
        String group = slash < 0 ? topicFilter.substring(PREFIX.length()) : topicFilter.substring(PREFIX.length(), slash);
        if (group.isEmpty()) {
            throw new ProtocolViolation(reason, "MQTT-4.8.2-1", "shared subscription has an empty ShareName: "
                    + topicFilter);
        }
        if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
            throw new ProtocolViolation(reason, "MQTT-4.8.2-2", "ShareName must not contain '+' or '#': "
                    + topicFilter);
        }
        if (slash < 0 || slash == topicFilter.length() - 1) {
            throw new ProtocolViolation(reason, "MQTT-4.8.2-2", "ShareName must be followed by '/' and a topic filter: "
                    + topicFilter);
        }
        // The ShareName holds no wildcard or '/', so checking the whole string checks the filter and the length limit.
        Topics.validatePlainFilter(topicFilter);
        return new SharedFilter(group, topicFilter.substring(slash + 1));
    }

    /** @return the filter as a client writes it, {@code $share/{group}/{filter}} */
    public String toTopicFilter() {
        return PREFIX + group + "/" + filter;
    }
}
