package dev.roost.store.rocksdb;

import java.nio.file.Path;

/**
 * A test-only main that opens the store at {@code args[0]} and prints why it was refused, on one line starting with
 * {@link #REFUSED}, exiting with 0. Exits with 3 if the store opened; any other failure escapes as an exception. Lets
 * {@link DamagedStoreTest} open a store as an unprivileged user in a child JVM when the tests run as root.
 */
final class StoreOpenAttempt {
    static final String REFUSED = "refused: ";

    private StoreOpenAttempt() {
    }

    public static void main(String[] args) {
        try (RocksDbSessionStore store = RocksDbSessionStore.open(RocksDbStoreConfig.of(Path.of(args[0])))) {
            int[] sessions = {0};
            store.loadSessions(s -> sessions[0]++);
            System.out.println("opened the store at " + args[0] + ": " + sessions[0] + " sessions");
        } catch (StoreOpenException e) {
            System.out.println(REFUSED + e.getMessage().replace('\n', ' '));
            return;
        }
        System.exit(3);
    }
}
