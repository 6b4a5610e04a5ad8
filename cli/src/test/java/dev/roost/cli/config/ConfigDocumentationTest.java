package dev.roost.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roost.broker.BrokerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/CONFIG.md and docs/roost.conf.example say what the reader does. */
class ConfigDocumentationTest {
    private static final Path DOCS = Path.of(System.getProperty("basedir", "."), "..", "docs");
    /** A row of the key table: | `key` | `VARIABLE` | default | allowed | meaning |. */
    private static final Pattern ROW = Pattern.compile(
            "^\\| `([a-z0-9.-]+)` \\| `(ROOST_[A-Z0-9_]+)` \\| ([^|]+) \\| ([^|]+) \\| [^|]+ \\|$", Pattern.MULTILINE);

    @Test
    void theKeyTableListsEveryKeyInOrderWithItsVariableAndAllowedValues() throws IOException {
        Map<String, Matcher> rows = rows();
        assertThat(rows.keySet()).containsExactlyElementsOf(ConfigKey.ALL.stream().map(ConfigKey::name).toList());
        for (ConfigKey<?> key : ConfigKey.ALL) {
            Matcher row = rows.get(key.name());
            assertThat(row.group(2)).as(key.name()).isEqualTo(key.environmentVariable());
            assertThat(row.group(4)).as(key.name()).isEqualTo(key.allowed());
        }
    }

    @Test
    void theDocumentedDefaultsAreTheDefaults() throws IOException {
        BrokerConfig defaults = BrokerConfig.defaults();
        for (Matcher row : rows().values()) {
            String documented = row.group(3);
            if (!documented.matches("`[^`]+`")) {
                assertThat(row.group(1)).as("only lanes has a default that depends on the machine").isEqualTo("lanes");
                continue;
            }
            String value = documented.substring(1, documented.length() - 1);
            BrokerConfig withIt = BrokerConfigReader.read(null, Map.of(row.group(2), value)).builder().build();
            assertThat(describe(withIt)).as(row.group(1) + " = " + value).isEqualTo(describe(defaults));
        }
    }

    @Test
    void theExampleFileParsesAndSetsEveryKeyButLanesToItsDefault() throws IOException {
        Path example = DOCS.resolve("roost.conf.example");
        BrokerConfigReader.Result result = BrokerConfigReader.read(example, Map.of());
        assertThat(describe(result.builder().build())).isEqualTo(describe(BrokerConfig.defaults()));
        String text = Files.readString(example, StandardCharsets.UTF_8);
        for (ConfigKey<?> key : ConfigKey.ALL) {
            String line = "(?m)^" + (key.name().equals("lanes") ? "# " : "") + Pattern.quote(key.name()) + " = .+$";
            assertThat(Pattern.compile(line).matcher(text).find()).as(key.name()).isTrue();
        }
    }

    @Test
    void theExampleInTheDocumentIsTheExampleFile() throws IOException {
        String doc = Files.readString(DOCS.resolve("CONFIG.md"), StandardCharsets.UTF_8);
        String example = Files.readString(DOCS.resolve("roost.conf.example"), StandardCharsets.UTF_8);
        assertThat(doc).contains("```properties\n" + example + "```");
    }

    private static Map<String, Matcher> rows() throws IOException {
        String doc = Files.readString(DOCS.resolve("CONFIG.md"), StandardCharsets.UTF_8);
        Map<String, Matcher> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            Matcher row = ROW.matcher(m.group());
            assertThat(row.matches()).isTrue();
            rows.put(row.group(1), row);
        }
        return rows;
    }

    /** Every setting except the lanes, whose default depends on the machine. */
    private static String describe(BrokerConfig c) {
        var s = c.settings();
        return c + " " + String.join(",", String.valueOf(s.maxSessionExpirySeconds()),
                String.valueOf(s.v3SessionExpirySeconds()), String.valueOf(s.maxKeepAliveSeconds()),
                String.valueOf(s.receiveMaximum()), String.valueOf(s.maximumPacketSize()),
                String.valueOf(s.topicAliasMaximum()), String.valueOf(s.v3InflightWindow()),
                String.valueOf(s.retainAvailable()), String.valueOf(s.wildcardSubscriptionAvailable()),
                String.valueOf(s.subscriptionIdentifiersAvailable()), String.valueOf(s.sharedSubscriptionAvailable()),
                String.valueOf(s.sharedSubscriptionPolicy()), String.valueOf(s.maxQueuedMessages()),
                String.valueOf(s.maxQueuedBytes()), String.valueOf(s.overflowPolicy()),
                String.valueOf(s.queueQos0WhenOffline()));
    }
}
