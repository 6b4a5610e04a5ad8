package dev.roost.cli.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kind of value a configuration key takes: how its text is read and how the allowed values are described in error
 * messages and in docs/CONFIG.md ("an integer from 0 to 65535", "one of sync, interval, none").
 *
 * <p>Immutable and thread-safe. {@link #parse} never returns {@code null}.
 *
 * @param allowed what the key accepts, phrased to follow "is not" in an error message
 * @param reader reads stripped, non-blank text; returns {@code null} when the text is not an allowed value
 * @param <T> the Java type the builders take
 */
record ValueType<T>(String allowed, Function<String, T> reader) {
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,19}");

    ValueType {
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(reader, "reader");
    }

    /**
     * @param text the value as written (surrounding white space is ignored)
     * @throws InvalidValueException when the text is blank or not one of the allowed values
     */
    T parse(String text) {
        String value = text.strip();
        if (value.isEmpty()) {
            throw new InvalidValueException("has no value: expected " + allowed);
        }
        T parsed = reader.apply(value);
        if (parsed == null) {
            throw new InvalidValueException("'" + value + "' is not " + allowed);
        }
        return parsed;
    }

    static ValueType<Integer> integer(int min, int max) {
        ValueType<Long> wide = longInteger(min, max);
        return new ValueType<>(wide.allowed(), v -> {
            Long parsed = wide.reader().apply(v);
            return parsed == null ? null : parsed.intValue();
        });
    }

    static ValueType<Long> longInteger(long min, long max) {
        String allowed = max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                ? "an integer of at least " + min
                : "an integer from " + min + " to " + max;
        return new ValueType<>(allowed, v -> {
            if (!INTEGER.matcher(v).matches()) {
                return null;
            }
            try {
                long parsed = Long.parseLong(v);
                return parsed < min || parsed > max ? null : parsed;
            } catch (NumberFormatException e) {
                return null; // more digits than a long holds: out of range like any other
            }
        });
    }

    static ValueType<Boolean> bool() {
        return new ValueType<>("one of true, false", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        });
    }

    /**
     * The constants of {@code type}, written in lower case with hyphens ({@code DROP_NEWEST} is {@code drop-newest});
     * case and {@code _} versus {@code -} do not matter when reading.
     */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String allowed = "one of " + Arrays.stream(constants).map(ValueType::spelling).collect(Collectors.joining(", "));
        return new ValueType<>(allowed, v -> {
            String wanted = v.toLowerCase(Locale.ROOT).replace('_', '-');
            return Arrays.stream(constants).filter(c -> spelling(c).equals(wanted)).findFirst().orElse(null);
        });
    }

    /** Any non-blank text; {@code description} says what it should be. */
    static ValueType<String> text(String description) {
        return new ValueType<>(description, v -> v);
    }

    static ValueType<Path> path() {
        return new ValueType<>("a file system path", v -> {
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                return null;
            }
        });
    }

    /** How an enum constant is written in a configuration file. */
    static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
