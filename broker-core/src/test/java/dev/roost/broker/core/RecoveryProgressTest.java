package dev.roost.broker.core;

import static dev.roost.broker.core.fixture.CoreHarness.v5;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.roost.broker.core.fixture.CoreHarness;
import dev.roost.broker.core.fixture.CoreHarness.Client;
import dev.roost.broker.core.fixture.FailingStore;
import dev.roost.broker.core.flow.SessionRecovery;
import dev.roost.protocol.Qos;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A recovery that takes more than a moment says how far it got, and every recovery how much it brought back. */
class RecoveryProgressTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(SessionRecovery.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level levelBefore;

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

    private List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void aSlowRecoveryLogsItsProgressEveryTwoSecondsThenASummary() {
        FailingStore store = new FailingStore();
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store)) {
            for (int i = 0; i < 5; i++) {
                Client c = broker.open();
                broker.connect(c, v5("s" + i, true, 3600));
                broker.subscribe(c, "t/" + i, Qos.AT_LEAST_ONCE);
                c.drop();
            }
            store.onEachLoadedSession(() -> broker.clock().advance(Duration.ofSeconds(1)));
            broker.restart();
        }
        assertThat(lines()).containsExactly(
                "Recovering sessions: 2 sessions and 0 queued or in-flight messages so far, 2 s",
                "Recovering sessions: 4 sessions and 0 queued or in-flight messages so far, 4 s",
                "Recovered 5 sessions, 0 queued or in-flight messages and 0 retained messages in 5000 ms");
    }

    @Test
    void aQuickRecoveryLogsOnlyItsSummary() {
        FailingStore store = new FailingStore();
        try (CoreHarness broker = new CoreHarness(BrokerSettings.builder().lanes(2).build(), store)) {
            Client c = broker.open();
            broker.connect(c, v5("only", true, 3600));
            c.drop();
            broker.restart();
        }
        assertThat(lines()).containsExactly(
                "Recovered 1 sessions, 0 queued or in-flight messages and 0 retained messages in 0 ms");
    }
}
