package dev.roost.store.rocksdb;

import com.sun.security.auth.module.UnixSystem;

/**
 * The user the test JVM runs as (POSIX systems). Tests whose subject is a file system limit check it: root passes
 * permission checks and may mount file systems. Stateless.
 */
final class CurrentUser {
    private CurrentUser() {
    }

    /** Whether this process runs as root (uid 0). */
    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }
}
