package dev.roost.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SharedFilterTest {

    @ParameterizedTest(name = "[MQTT-4.8.2-1] \"{0}\" is not a shared subscription")
    @ValueSource(strings = {"sport/#", "#", "$share", "$SHARE/group/sport", "$shared/group/sport", "share/group/x"})
    void returnsNullForFilterWithoutSharePrefix(String topicFilter) {
        assertThat(SharedFilter.parse(topicFilter)).isNull();
    }

    static Stream<Arguments> sharedFilters() {
        return Stream.of(
                arguments("$share/consumer1/sport/tennis/+", "consumer1", "sport/tennis/+"),
                arguments("$share/consumer1/#", "consumer1", "#"),
                arguments("$share/g/$SYS/#", "g", "$SYS/#"),
                arguments("$share/g//x", "g", "/x"),
                arguments("$share/$share/a", "$share", "a"));
    }

    @ParameterizedTest(name = "[MQTT-4.8.2-2] \"{0}\" is group \"{1}\" with filter \"{2}\"")
    @MethodSource("sharedFilters")
    void splitsShareNameFromFilter(String topicFilter, String group, String filter) {
        SharedFilter shared = SharedFilter.parse(topicFilter);

        assertThat(shared).isEqualTo(new SharedFilter(group, filter));
        assertThat(shared.toTopicFilter()).isEqualTo(topicFilter);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("MQTT-4.8.2-1", "$share/"),
                arguments("MQTT-4.8.2-1", "$share//sport"),
                arguments("MQTT-4.8.2-2", "$share/gr+up/sport"),
                arguments("MQTT-4.8.2-2", "$share/+/sport"),
                arguments("MQTT-4.8.2-2", "$share/#/sport"),
                arguments("MQTT-4.8.2-2", "$share/group"),
                arguments("MQTT-4.8.2-2", "$share/group/"),
                arguments("MQTT-4.7.1-2", "$share/group/sport/#/x"),
                arguments("MQTT-4.7.1-3", "$share/group/sport+"));
    }

    @ParameterizedTest(name = "[{0}] malformed shared subscription \"{1}\" is rejected")
    @MethodSource("malformed")
    void rejectsMalformedSharedSubscription(String clause, String topicFilter) {
        ProtocolViolation violation =
                catchThrowableOfType(ProtocolViolation.class, () -> SharedFilter.parse(topicFilter));
        assertThat(violation).isNotNull();
        assertThat(violation.reasonCode()).isEqualTo(ReasonCode.TOPIC_FILTER_INVALID);
        assertThat(violation.clause()).isEqualTo(clause);
    }

    @Test
    @DisplayName("[MQTT-4.8.2-1] a shared filter's inner filter matches like a plain filter")
    void innerFilterMatchesLikePlainFilter() {
        SharedFilter shared = SharedFilter.parse("$share/g/sport/+/player1");

        assertThat(Topics.matches(shared.filter(), "sport/tennis/player1")).isTrue();
    }
}
