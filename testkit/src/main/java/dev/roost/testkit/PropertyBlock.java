package dev.roost.testkit;

/**
 * The MQTT 5.0 property section a builder is collecting (2.2.2): properties are written in the order they were added,
 * duplicates included, so a test controls the exact bytes. A test may replace the whole section, length included,
 * with raw bytes to send a malformed one. Not thread-safe.
 */
final class PropertyBlock {
    private final ByteSink content = new ByteSink();
    private int count;
    private byte[] replacement;

    PropertyBlock u8(int id, int value) {
        header(id).u8(value);
        return this;
    }

    PropertyBlock u16(int id, int value) {
        header(id).u16(value);
        return this;
    }

    PropertyBlock u32(int id, long value) {
        header(id).u32(value);
        return this;
    }

    PropertyBlock varInt(int id, int value) {
        header(id).varInt(value);
        return this;
    }

    PropertyBlock utf8(int id, String value) {
        header(id).utf8(value);
        return this;
    }

    PropertyBlock binary(int id, byte[] value) {
        header(id).binary(value);
        return this;
    }

    PropertyBlock pair(int id, String name, String value) {
        header(id).utf8(name).utf8(value);
        return this;
    }

    /** The identifier followed by {@code value} exactly as given: for unknown ids or wrongly typed values. */
    PropertyBlock raw(int id, int... value) {
        header(id).bytes(PacketBytes.raw(value));
        return this;
    }

    /** Replaces the whole section, Property Length included, with {@code block}. */
    PropertyBlock replaceWith(byte[] block) {
        replacement = block.clone();
        return this;
    }

    /** True if nothing was added and nothing replaces the section. */
    boolean isEmpty() {
        return count == 0 && replacement == null;
    }

    void writeTo(ByteSink out) {
        if (replacement != null) {
            out.bytes(replacement);
        } else {
            out.varInt(content.size()).bytes(content.toByteArray());
        }
    }

    private ByteSink header(int id) {
        count++;
        return content.varInt(id);
    }
}
