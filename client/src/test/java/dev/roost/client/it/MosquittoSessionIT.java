package dev.roost.client.it;

import java.nio.file.Path;

/** The session scenarios against a real Mosquitto. */
class MosquittoSessionIT extends SessionScenarios {
    @Override
    protected BrokerUnderTest startBroker(Path directory) {
        return new MosquittoUnderTest(directory);
    }
}
