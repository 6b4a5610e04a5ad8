package dev.roost.cli.config;

import java.util.List;

/**
 * The configuration cannot be used: a file that cannot be read, an unknown key, a value that is not allowed. Each
 * problem is one line that names where it came from (the file and key, or the environment variable) and what is
 * allowed, e.g. {@code roost.conf: key 'queue.overflow-policy': 'drop-random' is not one of drop-newest, drop-oldest}.
 *
 * <p>Stackless: the message is all a user needs. Immutable.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** @return one line per problem, in the order they were found; never empty */
    public List<String> problems() {
        return problems;
    }
}
