package dev.roost.store.rocksdb;

import dev.roost.broker.core.OfflineSessionPagingTest;
import dev.roost.broker.core.store.SessionStore;
import java.nio.file.Path;

/** An offline session's messages paged out to RocksDB and back in on resume. */
class RocksDbOfflineSessionPagingTest extends OfflineSessionPagingTest {

    @Override
    protected SessionStore openStore(Path dir) {
        return RocksDbSessionStore.open(RocksDbStoreConfig.of(dir.resolve("store")));
    }
}
