package dev.roost.store.rocksdb;

/**
 * A stored key or value that cannot be decoded: an unknown format version or damaged bytes. Internal: the store turns
 * it into a {@link StoreOpenException} at start-up, or a {@link dev.roost.broker.core.store.StoreException} later,
 * naming the column family and key.
 */
final class CorruptValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CorruptValueException(String message) {
        super(message, null, false, false);
    }
}
