package dev.roost.client.it;

import java.nio.file.Path;

/** The session scenarios against the project's broker. */
class RoostSessionIT extends SessionScenarios {
    @Override
    protected BrokerUnderTest startBroker(Path directory) {
        return new RoostBrokerUnderTest(directory);
    }
}
