package dev.roost.protocol;

import java.util.Objects;

/** An MQTT 5.0 user property: a name/value pair of UTF-8 strings (3.3.2.3.7). */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
