package dev.roost.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.roost.protocol.ProtocolViolation;
import dev.roost.protocol.ReasonCode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicsTest {

    static Stream<Arguments> validTopicNames() {
        return Stream.of(
                arguments("MQTT-4.7.1-1", "sport/tennis/player1"),
                arguments("MQTT-4.7.1-1", "sport/tennis/player1/ranking"),
                arguments("MQTT-4.7.3-1", "/"),
                arguments("MQTT-4.7.3-1", "a//b"),
                arguments("MQTT-4.7.3-1", " "),
                arguments("MQTT-4.7.2-1", "$SYS/monitor/Clients"),
                arguments("MQTT-4.7.3-4", "Spört/€/😀"),
                arguments("MQTT-4.7.3-3", "a".repeat(65_535)),
                arguments("MQTT-4.7.3-3", "😀".repeat(16_383) + "abc"));
    }

    @ParameterizedTest(name = "[{0}] topic name \"{1}\" is valid")
    @MethodSource("validTopicNames")
    void acceptsValidTopicName(String clause, String topicName) {
        assertThatCode(() -> Topics.validateTopicName(topicName)).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidTopicNames() {
        return Stream.of(
                arguments("MQTT-4.7.3-1", "", "is empty"),
                arguments("MQTT-4.7.1-1", "sport/+", "holds '+'"),
                arguments("MQTT-4.7.1-1", "sport/tennis/#", "holds '#'"),
                arguments("MQTT-4.7.1-1", "sport+", "holds '+' inside a level"),
                arguments("MQTT-4.7.3-2", "sport/\u0000", "holds U+0000"),
                arguments("MQTT-1.5.4-1", "sport/\uD800", "holds an unpaired high surrogate"),
                arguments("MQTT-1.5.4-1", "\uDC00sport", "holds an unpaired low surrogate"),
                arguments("MQTT-4.7.3-3", "a".repeat(65_536), "has 65,536 ASCII bytes"),
                arguments("MQTT-4.7.3-3", "€".repeat(21_846), "has 65,538 UTF-8 bytes in 21,846 chars"));
    }

    @ParameterizedTest(name = "[{0}] topic name that {2} is rejected")
    @MethodSource("invalidTopicNames")
    void rejectsInvalidTopicName(String clause, String topicName, String description) {
        ProtocolViolation violation =
                catchThrowableOfType(ProtocolViolation.class, () -> Topics.validateTopicName(topicName));
        assertThat(violation).isNotNull();
        assertThat(violation.reasonCode()).isEqualTo(ReasonCode.TOPIC_NAME_INVALID);
        assertThat(violation.clause()).isEqualTo(clause);
        assertThat(violation.getStackTrace()).isEmpty();
    }

    static Stream<Arguments> validTopicFilters() {
        return Stream.of(
                arguments("MQTT-4.7.1-2", "sport/tennis/player1/#"),
                arguments("MQTT-4.7.1-2", "sport/tennis/#"),
                arguments("MQTT-4.7.1-2", "sport/#"),
                arguments("MQTT-4.7.1-2", "#"),
                arguments("MQTT-4.7.1-2", "/#"),
                arguments("MQTT-4.7.1-3", "+"),
                arguments("MQTT-4.7.1-3", "+/tennis/#"),
                arguments("MQTT-4.7.1-3", "sport/+/player1"),
                arguments("MQTT-4.7.1-3", "+/+"),
                arguments("MQTT-4.7.1-3", "/+"),
                arguments("MQTT-4.7.1-3", "a/+/+/#"),
                arguments("MQTT-4.7.3-1", "a//b"),
                arguments("MQTT-4.7.2-1", "$SYS/#"),
                arguments("MQTT-4.8.2-1", "$share/group/sport/#"),
                arguments("MQTT-4.8.2-2", "$share/g/+"),
                arguments("MQTT-4.7.3-3", "a".repeat(65_535)));
    }

    @ParameterizedTest(name = "[{0}] topic filter \"{1}\" is valid")
    @MethodSource("validTopicFilters")
    void acceptsValidTopicFilter(String clause, String topicFilter) {
        assertThatCode(() -> Topics.validateTopicFilter(topicFilter)).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidTopicFilters() {
        return Stream.of(
                arguments("MQTT-4.7.3-1", ""),
                arguments("MQTT-4.7.1-2", "sport/tennis#"),
                arguments("MQTT-4.7.1-2", "sport/tennis/#/ranking"),
                arguments("MQTT-4.7.1-2", "#/"),
                arguments("MQTT-4.7.1-2", "##"),
                arguments("MQTT-4.7.1-2", "#+"),
                arguments("MQTT-4.7.1-3", "sport+"),
                arguments("MQTT-4.7.1-3", "sport/+tennis"),
                arguments("MQTT-4.7.1-3", "sport/ten+nis/x"),
                arguments("MQTT-4.7.1-3", "++"),
                arguments("MQTT-4.7.3-2", "sport/\u0000/#"),
                arguments("MQTT-1.5.4-1", "sport/\uDBFF"),
                arguments("MQTT-4.7.3-3", "a".repeat(65_536)),
                arguments("MQTT-4.8.2-1", "$share//sport"),
                arguments("MQTT-4.8.2-1", "$share/"),
                arguments("MQTT-4.8.2-2", "$share/gr+up/sport"),
                arguments("MQTT-4.8.2-2", "$share/gr#up/sport"),
                arguments("MQTT-4.8.2-2", "$share/group"),
                arguments("MQTT-4.8.2-2", "$share/group/"),
                arguments("MQTT-4.7.1-2", "$share/group/sport#"),
                arguments("MQTT-4.7.1-3", "$share/group/+sport"),
                arguments("MQTT-4.7.3-3", "$share/group/" + "a".repeat(65_530)));
    }

    @ParameterizedTest(name = "[{0}] topic filter \"{1}\" is rejected")
    @MethodSource("invalidTopicFilters")
    void rejectsInvalidTopicFilter(String clause, String topicFilter) {
        ProtocolViolation violation =
                catchThrowableOfType(ProtocolViolation.class, () -> Topics.validateTopicFilter(topicFilter));
        assertThat(violation).isNotNull();
        assertThat(violation.reasonCode()).isEqualTo(ReasonCode.TOPIC_FILTER_INVALID);
        assertThat(violation.clause()).isEqualTo(clause);
    }

    static Stream<Arguments> matching() {
        return Stream.of(
                // 4.7.1.2 multi-level wildcard
                arguments("MQTT-4.7.1-2", "sport/tennis/player1/#", "sport/tennis/player1", true),
                arguments("MQTT-4.7.1-2", "sport/tennis/player1/#", "sport/tennis/player1/ranking", true),
                arguments("MQTT-4.7.1-2", "sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true),
                arguments("MQTT-4.7.1-2", "sport/tennis/player1/#", "sport/tennis/player2", false),
                arguments("MQTT-4.7.1-2", "sport/tennis/player1/#", "sport/tennis", false),
                arguments("MQTT-4.7.1-2", "sport/#", "sport", true),
                arguments("MQTT-4.7.1-2", "sport/#", "sport/", true),
                arguments("MQTT-4.7.1-2", "sport/#", "sports", false),
                arguments("MQTT-4.7.1-2", "#", "sport/tennis/player1", true),
                arguments("MQTT-4.7.1-2", "#", "/", true),
                arguments("MQTT-4.7.1-2", "/#", "/finance", true),
                arguments("MQTT-4.7.1-2", "/#", "finance", false),
                // 4.7.1.3 single-level wildcard
                arguments("MQTT-4.7.1-3", "sport/tennis/+", "sport/tennis/player1", true),
                arguments("MQTT-4.7.1-3", "sport/tennis/+", "sport/tennis/player2", true),
                arguments("MQTT-4.7.1-3", "sport/tennis/+", "sport/tennis/player1/ranking", false),
                arguments("MQTT-4.7.1-3", "sport/+", "sport", false),
                arguments("MQTT-4.7.1-3", "sport/+", "sport/", true),
                arguments("MQTT-4.7.1-3", "+", "sport", true),
                arguments("MQTT-4.7.1-3", "+", "/finance", false),
                arguments("MQTT-4.7.1-3", "+/+", "/finance", true),
                arguments("MQTT-4.7.1-3", "/+", "/finance", true),
                arguments("MQTT-4.7.1-3", "+/tennis/#", "sport/tennis/player1", true),
                arguments("MQTT-4.7.1-3", "+/tennis/#", "sport/tennis", true),
                arguments("MQTT-4.7.1-3", "sport/+/player1", "sport/tennis/player1", true),
                arguments("MQTT-4.7.1-3", "sport/+/player1", "sport//player1", true),
                arguments("MQTT-4.7.1-3", "+/+/+", "a/b", false),
                arguments("MQTT-4.7.1-3", "a/+/#", "a", false),
                arguments("MQTT-4.7.1-3", "a/+/#", "a/b", true),
                // 4.7.2 topics beginning with $
                arguments("MQTT-4.7.2-1", "#", "$SYS/monitor/Clients", false),
                arguments("MQTT-4.7.2-1", "+/monitor/Clients", "$SYS/monitor/Clients", false),
                arguments("MQTT-4.7.2-1", "+", "$SYS", false),
                arguments("MQTT-4.7.2-1", "$SYS/#", "$SYS/monitor/Clients", true),
                arguments("MQTT-4.7.2-1", "$SYS/monitor/+", "$SYS/monitor/Clients", true),
                arguments("MQTT-4.7.2-1", "$SYS/#", "$SYS", true),
                arguments("MQTT-4.7.2-1", "a/#", "a/$b", true),
                arguments("MQTT-4.7.2-1", "a/+", "a/$b", true),
                // 4.7.3 exact, case-sensitive, no normalisation
                arguments("MQTT-4.7.3-4", "ACCOUNTS", "Accounts", false),
                arguments("MQTT-4.7.3-4", "Accounts payable", "Accounts payable", true),
                arguments("MQTT-4.7.3-4", "a/b", "a/b/", false),
                arguments("MQTT-4.7.3-4", "a//b", "a/b", false),
                arguments("MQTT-4.7.3-4", "/", "/", true),
                arguments("MQTT-4.7.3-4", "sport/tennis", "sport/tennis", true),
                arguments("MQTT-4.7.3-4", "sport/tennis", "sport/tenni", false),
                arguments("MQTT-4.7.3-4", "sport/tenni", "sport/tennis", false),
                arguments("MQTT-4.7.3-4", "Ä", "A\u0308", false));
    }

    @ParameterizedTest(name = "[{0}] filter \"{1}\" matches topic \"{2}\": {3}")
    @MethodSource("matching")
    void matchesTopicAgainstFilter(String clause, String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }
}
