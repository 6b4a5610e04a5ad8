package dev.roost.protocol;

/** The protocol versions Roost speaks. MQTT 3.1 is accepted and handled like 3.1.1. */
public enum MqttVersion {
    V3_1("MQIsdp", 3),
    V3_1_1("MQTT", 4),
    V5("MQTT", 5);

    private final String protocolName;
    private final int level;

    MqttVersion(String protocolName, int level) {
        this.protocolName = protocolName;
        this.level = level;
    }

    public String protocolName() {
        return protocolName;
    }

    public int level() {
        return level;
    }

    public boolean isV5() {
        return this == V5;
    }

    /** @return the version with this protocol level, or {@code null} if none. */
    public static MqttVersion ofLevel(int level) {
        for (MqttVersion v : values()) {
            if (v.level == level) {
                return v;
            }
        }
        return null;
    }
}
