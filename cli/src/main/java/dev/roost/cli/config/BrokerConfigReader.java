package dev.roost.cli.config;

import dev.roost.broker.BrokerConfig;
import dev.roost.broker.core.BrokerSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads the broker's configuration: the defaults, then a {@code key = value} file (java.util.Properties syntax, UTF-8),
 * then the environment ({@code ROOST_LISTENER_PORT} overrides {@code listener.port}, see
 * {@link ConfigKey#environmentVariable()}). Command-line flags, applied by the caller on the returned builder, come
 * last and win.
 *
 * <p>Strict: an unknown key, a key given twice, a blank or disallowed value is an error. Every problem is collected
 * and reported at once in a {@link ConfigException}. An environment variable that starts with {@code ROOST_} but
 * names no key is only a warning, since the environment is shared with other programs.
 *
 * <p>Stateless and thread-safe.
 */
public final class BrokerConfigReader {

    private BrokerConfigReader() {
    }

    /**
     * What was read: the builder to finish (flags still to apply), and the warnings to log.
     *
     * @param builder starts from the defaults, with the file's and the environment's values set
     * @param overriddenBy the environment variables that set a key, in key order
     * @param warnings lines to log, e.g. an unknown {@code ROOST_} variable
     */
    public record Result(BrokerConfig.Builder builder, List<String> overriddenBy, List<String> warnings) {
        public Result {
            overriddenBy = List.copyOf(overriddenBy);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param file the configuration file, or {@code null} for none; named in messages as given
     * @param environment the process environment ({@link System#getenv()})
     * @throws ConfigException naming every problem found
     */
    public static Result read(Path file, Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        ConfigKey.Target target = new ConfigKey.Target(BrokerConfig.builder(), BrokerSettings.builder());
        if (file != null) {
            Map<String, String> entries = load(file, problems);
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                String where = file + ": key '" + entry.getKey() + "'";
                ConfigKey.named(entry.getKey()).ifPresentOrElse(
                        key -> apply(key, target, entry.getValue(), where, problems),
                        () -> problems.add(file + ": unknown key '" + entry.getKey() + "'"
                                + suggestion(entry.getKey(), ConfigKey::name)
                                + "; every key is listed in docs/CONFIG.md"));
            }
        }
        List<String> overriddenBy = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKey.ALL) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                overriddenBy.add(key.environmentVariable());
                apply(key, target, value, "environment variable " + key.environmentVariable() + " (" + key.name()
                        + ")", problems);
            }
        }
        List<String> warnings = new ArrayList<>();
        new TreeMap<>(environment).keySet().stream()
                .filter(ConfigKey::looksLikeAKey)
                .filter(name -> ConfigKey.ALL.stream().noneMatch(k -> k.environmentVariable().equals(name)))
                .forEach(name -> warnings.add("environment variable " + name + " is not a configuration key and was"
                        + " ignored" + suggestion(name, ConfigKey::environmentVariable)));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Result(target.config.settings(target.settings.build()), overriddenBy, warnings);
    }

    private static void apply(ConfigKey<?> key, ConfigKey.Target target, String value, String where,
                              List<String> problems) {
        try {
            key.apply(target, value);
        } catch (InvalidValueException e) {
            problems.add(where + ": " + e.getMessage());
        }
    }

    /** The file's entries in file order; a problem (unreadable, malformed, a key given twice) is added to the list. */
    private static Map<String, String> load(Path file, List<String> problems) {
        Map<String, String> entries = new LinkedHashMap<>();
        Properties properties = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                if (entries.putIfAbsent((String) key, (String) value) != null) {
                    problems.add(file + ": key '" + key + "' is given more than once");
                }
                return super.put(key, value);
            }
        };
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            problems.add(file + ": cannot read the configuration file: no such file");
        } catch (CharacterCodingException e) {
            problems.add(file + ": cannot read the configuration file: it is not UTF-8 text");
        } catch (IOException e) {
            problems.add(file + ": cannot read the configuration file: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            problems.add(file + ": not a valid key = value file: " + e.getMessage());
        }
        return entries;
    }

    /** " (did you mean 'listener.port'?)" for a near miss among the names of the keys, otherwise nothing. */
    private static String suggestion(String unknown, Function<ConfigKey<?>, String> naming) {
        return ConfigKey.ALL.stream()
                .map(naming)
                .filter(name -> distance(name, unknown) <= Math.max(2, unknown.length() / 5))
                .min(Comparator.comparingInt(name -> distance(name, unknown)))
                .map(name -> " (did you mean '" + name + "'?)")
                .orElse("");
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
