package dev.roost.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MQTT 5.0 properties of a received packet (2.2.2), decoded independently of Roost's codec. Each property id maps
 * to every value that appeared for it, in wire order, so a test can spot a duplicate: byte, two-byte and variable
 * byte integers as {@link Integer}, four-byte integers as {@link Long}, strings as {@link String}, binary data as
 * {@code byte[]} and user properties as {@code String[2]} (name, value).
 *
 * <p>Immutable and thread-safe; array values are copied on the way out. Getters return {@code null} when the
 * property is absent and throw {@link IllegalArgumentException} when it has another wire type.
 */
public final class RawProperties {
    /** No properties: also what the ack and disconnect accessors return when the section is omitted. */
    public static final RawProperties EMPTY = new RawProperties(Map.of(), 0);

    private final Map<Integer, List<Object>> values;
    private final int size;

    private RawProperties(Map<Integer, List<Object>> values, int size) {
        this.values = values;
        this.size = size;
    }

    /**
     * Decodes a property section that starts with its Property Length.
     *
     * @throws AssertionError if the bytes are malformed or contain an unknown property id
     */
    public static RawProperties parse(byte[] section) {
        WireReader reader = new WireReader(section.clone(), "property section");
        RawProperties properties = reader.properties();
        reader.expectEnd();
        return properties;
    }

    /** Decodes properties until the reader is exhausted (the length is already consumed). */
    static RawProperties parseContent(WireReader reader) {
        Map<Integer, List<Object>> values = new LinkedHashMap<>();
        int size = 0;
        while (reader.hasRemaining()) {
            int id = reader.varInt();
            PropertyId.WireType type = PropertyId.wireType(id);
            if (type == null) {
                throw new AssertionError(String.format("unknown MQTT 5 property id 0x%02X", id));
            }
            Object value = switch (type) {
                case BYTE -> reader.u8();
                case TWO_BYTE_INTEGER -> reader.u16();
                case FOUR_BYTE_INTEGER -> reader.u32();
                case VARIABLE_BYTE_INTEGER -> reader.varInt();
                case UTF8_STRING -> reader.utf8();
                case BINARY_DATA -> reader.binary();
                case UTF8_STRING_PAIR -> new String[] {reader.utf8(), reader.utf8()};
            };
            values.computeIfAbsent(id, k -> new ArrayList<>()).add(value);
            size++;
        }
        values.replaceAll((id, list) -> Collections.unmodifiableList(list));
        return new RawProperties(Collections.unmodifiableMap(values), size);
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** @return the number of properties on the wire, duplicates counted. */
    public int size() {
        return size;
    }

    public boolean contains(int id) {
        return values.containsKey(id);
    }

    /** @return how many times property {@code id} appeared. */
    public int count(int id) {
        return values.getOrDefault(id, List.of()).size();
    }

    /** @return the ids present, in order of first appearance. */
    public Set<Integer> ids() {
        return values.keySet();
    }

    /** @return every value of property {@code id} in wire order; empty if absent. */
    public List<Object> values(int id) {
        List<Object> copies = new ArrayList<>();
        for (Object value : values.getOrDefault(id, List.of())) {
            copies.add(copy(value));
        }
        return copies;
    }

    /** @return the first value of an integer property (any integer wire type), or {@code null} if absent. */
    public Integer integer(int id) {
        Long value = longValue(id);
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PropertyId.name(id) + " is " + value + ", beyond int; use longValue");
        }
        return value.intValue();
    }

    /** @return the first value of an integer property (any integer wire type), or {@code null} if absent. */
    public Long longValue(int id) {
        Object value = first(id, PropertyId.WireType.BYTE, PropertyId.WireType.TWO_BYTE_INTEGER,
                PropertyId.WireType.FOUR_BYTE_INTEGER, PropertyId.WireType.VARIABLE_BYTE_INTEGER);
        return value == null ? null : ((Number) value).longValue();
    }

    /** @return the first value of a UTF-8 string property, or {@code null} if absent. */
    public String string(int id) {
        return (String) first(id, PropertyId.WireType.UTF8_STRING);
    }

    /** @return a copy of the first value of a binary property, or {@code null} if absent. */
    public byte[] binary(int id) {
        byte[] value = (byte[]) first(id, PropertyId.WireType.BINARY_DATA);
        return value == null ? null : value.clone();
    }

    /** @return every user property as {@code {name, value}} in wire order, duplicates kept (3.3.2.3.7). */
    public List<String[]> userProperties() {
        List<String[]> pairs = new ArrayList<>();
        for (Object value : values.getOrDefault(PropertyId.USER_PROPERTY, List.of())) {
            pairs.add(((String[]) value).clone());
        }
        return pairs;
    }

    /** @return the value of the first user property called {@code name}, or {@code null}. */
    public String userProperty(String name) {
        for (String[] pair : userProperties()) {
            if (pair[0].equals(name)) {
                return pair[1];
            }
        }
        return null;
    }

    /** @return every Subscription Identifier in wire order; a PUBLISH may carry several (3.3.4). */
    public List<Integer> subscriptionIdentifiers() {
        List<Integer> ids = new ArrayList<>();
        for (Object value : values.getOrDefault(PropertyId.SUBSCRIPTION_IDENTIFIER, List.of())) {
            ids.add((Integer) value);
        }
        return ids;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawProperties other) || !values.keySet().equals(other.values.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, List<Object>> entry : values.entrySet()) {
            if (!Arrays.deepEquals(entry.getValue().toArray(), other.values.get(entry.getKey()).toArray())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (Map.Entry<Integer, List<Object>> entry : values.entrySet()) {
            hash += entry.getKey() ^ Arrays.deepHashCode(entry.getValue().toArray());
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<Integer, List<Object>> entry : values.entrySet()) {
            for (Object value : entry.getValue()) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(PropertyId.name(entry.getKey())).append('=').append(render(value));
            }
        }
        return sb.append('}').toString();
    }

    private Object first(int id, PropertyId.WireType... accepted) {
        PropertyId.WireType type = PropertyId.wireType(id);
        if (type == null || !List.of(accepted).contains(type)) {
            throw new IllegalArgumentException(PropertyId.name(id) + " is "
                    + (type == null ? "not a property" : type.description()));
        }
        List<Object> list = values.get(id);
        return list == null ? null : list.get(0);
    }

    private static Object copy(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        if (value instanceof String[] pair) {
            return pair.clone();
        }
        return value;
    }

    private static String render(Object value) {
        if (value instanceof byte[] bytes) {
            return Hex.of(bytes);
        }
        if (value instanceof String[] pair) {
            return pair[0] + ":" + pair[1];
        }
        return String.valueOf(value);
    }
}
