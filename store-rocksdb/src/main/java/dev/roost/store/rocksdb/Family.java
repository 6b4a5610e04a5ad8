package dev.roost.store.rocksdb;

import java.nio.charset.StandardCharsets;

/** The store's column families, with their names on disk. See {@link Keys} for their key layouts. */
enum Family {
    /** The RocksDB default family: the store's format marker. */
    META("default"),
    SESSIONS("sessions"),
    SUBSCRIPTIONS("subscriptions"),
    OUTBOUND_LOG("outbound_log"),
    INBOUND_QOS2("inbound_qos2"),
    RETAINED("retained"),
    MESSAGES("messages");

    private final String diskName;

    Family(String diskName) {
        this.diskName = diskName;
    }

    String diskName() {
        return diskName;
    }

    byte[] nameBytes() {
        return diskName.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether deletes are frequent here (a queue-like pattern), so tombstones must be compacted away early. */
    boolean isChurning() {
        return this == OUTBOUND_LOG || this == MESSAGES;
    }
}
