package dev.roost.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roost.broker.core.store.SessionRecord;
import dev.roost.protocol.MqttVersion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Opening a large store says how far its scan got while it takes more than a moment. */
class StartupScanProgressTest {
    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(StartupScan.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level levelBefore;

    /** A clock that moves one second every time it is read: every progress check finds time has passed. */
    private static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void watchTheLog() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void stopWatching() {
        logger.detachAppender(appender);
        logger.setLevel(levelBefore);
    }

    @Test
    void aLongScanLogsHowManyItemsItHasRead() {
        Path path = dir.resolve("store");
        try (RocksDbSessionStore store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(path).build())) {
            for (int i = 0; i < 10_000; i++) {
                store.saveSession(new SessionRecord("c" + i, MqttVersion.V5, 3600, null, null));
            }
        }
        try (RocksDbSessionStore store = RocksDbSessionStore.open(RocksDbStoreConfig.builder(path)
                .clock(new TickingClock()).build())) {
            List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).singleElement().asString()
                    .startsWith("Scanning the session store at " + path + ": 8192 sessions, 0 log entries and 0"
                            + " messages read so far");
        }
    }
}
