package dev.roost.store.rocksdb;

import dev.roost.broker.core.store.SessionStore;
import dev.roost.broker.core.store.SessionStoreContract;
import java.nio.file.Path;

/** The store contract, durable part included, on RocksDB with the default (SYNC) durability. */
class RocksDbSessionStoreTest extends SessionStoreContract.Durable {

    @Override
    protected SessionStore open(Path dir) {
        return RocksDbSessionStore.open(RocksDbStoreConfig.of(dir.resolve("store")));
    }
}
