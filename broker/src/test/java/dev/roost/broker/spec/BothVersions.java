package dev.roost.broker.spec;

import dev.roost.protocol.MqttVersion;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a spec test twice, with {@link MqttVersion#V3_1_1} and with {@link MqttVersion#V5} as its one parameter, for
 * behaviour both versions share or that differs per version. Each run is named after its version.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "MQTT {0}")
@EnumSource(value = MqttVersion.class, names = {"V3_1_1", "V5"})
@interface BothVersions {
}
