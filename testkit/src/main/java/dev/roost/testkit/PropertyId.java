package dev.roost.testkit;

/**
 * MQTT 5.0 property identifiers (2.2.2.2) with their wire types, for reading {@link RawProperties} and for writing
 * properties by id. Stateless; safe from any thread.
 */
public final class PropertyId {
    public static final int PAYLOAD_FORMAT_INDICATOR = 0x01;
    public static final int MESSAGE_EXPIRY_INTERVAL = 0x02;
    public static final int CONTENT_TYPE = 0x03;
    public static final int RESPONSE_TOPIC = 0x08;
    public static final int CORRELATION_DATA = 0x09;
    public static final int SUBSCRIPTION_IDENTIFIER = 0x0B;
    public static final int SESSION_EXPIRY_INTERVAL = 0x11;
    public static final int ASSIGNED_CLIENT_IDENTIFIER = 0x12;
    public static final int SERVER_KEEP_ALIVE = 0x13;
    public static final int AUTHENTICATION_METHOD = 0x15;
    public static final int AUTHENTICATION_DATA = 0x16;
    public static final int REQUEST_PROBLEM_INFORMATION = 0x17;
    public static final int WILL_DELAY_INTERVAL = 0x18;
    public static final int REQUEST_RESPONSE_INFORMATION = 0x19;
    public static final int RESPONSE_INFORMATION = 0x1A;
    public static final int SERVER_REFERENCE = 0x1C;
    public static final int REASON_STRING = 0x1F;
    public static final int RECEIVE_MAXIMUM = 0x21;
    public static final int TOPIC_ALIAS_MAXIMUM = 0x22;
    public static final int TOPIC_ALIAS = 0x23;
    public static final int MAXIMUM_QOS = 0x24;
    public static final int RETAIN_AVAILABLE = 0x25;
    public static final int USER_PROPERTY = 0x26;
    public static final int MAXIMUM_PACKET_SIZE = 0x27;
    public static final int WILDCARD_SUBSCRIPTION_AVAILABLE = 0x28;
    public static final int SUBSCRIPTION_IDENTIFIER_AVAILABLE = 0x29;
    public static final int SHARED_SUBSCRIPTION_AVAILABLE = 0x2A;

    /** The data types of 1.5 that property values use. */
    enum WireType {
        BYTE("a byte"),
        TWO_BYTE_INTEGER("a two-byte integer"),
        FOUR_BYTE_INTEGER("a four-byte integer"),
        VARIABLE_BYTE_INTEGER("a variable byte integer"),
        UTF8_STRING("a UTF-8 string"),
        BINARY_DATA("binary data"),
        UTF8_STRING_PAIR("a UTF-8 string pair");

        private final String description;

        WireType(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private PropertyId() {
    }

    /** @return the wire type of property {@code id}, or {@code null} if the spec defines no such property. */
    static WireType wireType(int id) {
        return switch (id) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                    RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                    SHARED_SUBSCRIPTION_AVAILABLE -> WireType.BYTE;
            case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> WireType.TWO_BYTE_INTEGER;
            case MESSAGE_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE ->
                    WireType.FOUR_BYTE_INTEGER;
            case SUBSCRIPTION_IDENTIFIER -> WireType.VARIABLE_BYTE_INTEGER;
            case CONTENT_TYPE, RESPONSE_TOPIC, ASSIGNED_CLIENT_IDENTIFIER, AUTHENTICATION_METHOD,
                    RESPONSE_INFORMATION, SERVER_REFERENCE, REASON_STRING -> WireType.UTF8_STRING;
            case CORRELATION_DATA, AUTHENTICATION_DATA -> WireType.BINARY_DATA;
            case USER_PROPERTY -> WireType.UTF8_STRING_PAIR;
            default -> null;
        };
    }

    /** @return the spec's name of property {@code id} with its hex id, e.g. "Receive Maximum (0x21)". */
    public static String name(int id) {
        String name = switch (id) {
            case PAYLOAD_FORMAT_INDICATOR -> "Payload Format Indicator";
            case MESSAGE_EXPIRY_INTERVAL -> "Message Expiry Interval";
            case CONTENT_TYPE -> "Content Type";
            case RESPONSE_TOPIC -> "Response Topic";
            case CORRELATION_DATA -> "Correlation Data";
            case SUBSCRIPTION_IDENTIFIER -> "Subscription Identifier";
            case SESSION_EXPIRY_INTERVAL -> "Session Expiry Interval";
            case ASSIGNED_CLIENT_IDENTIFIER -> "Assigned Client Identifier";
            case SERVER_KEEP_ALIVE -> "Server Keep Alive";
            case AUTHENTICATION_METHOD -> "Authentication Method";
            case AUTHENTICATION_DATA -> "Authentication Data";
            case REQUEST_PROBLEM_INFORMATION -> "Request Problem Information";
            case WILL_DELAY_INTERVAL -> "Will Delay Interval";
            case REQUEST_RESPONSE_INFORMATION -> "Request Response Information";
            case RESPONSE_INFORMATION -> "Response Information";
            case SERVER_REFERENCE -> "Server Reference";
            case REASON_STRING -> "Reason String";
            case RECEIVE_MAXIMUM -> "Receive Maximum";
            case TOPIC_ALIAS_MAXIMUM -> "Topic Alias Maximum";
            case TOPIC_ALIAS -> "Topic Alias";
            case MAXIMUM_QOS -> "Maximum QoS";
            case RETAIN_AVAILABLE -> "Retain Available";
            case USER_PROPERTY -> "User Property";
            case MAXIMUM_PACKET_SIZE -> "Maximum Packet Size";
            case WILDCARD_SUBSCRIPTION_AVAILABLE -> "Wildcard Subscription Available";
            case SUBSCRIPTION_IDENTIFIER_AVAILABLE -> "Subscription Identifier Available";
            case SHARED_SUBSCRIPTION_AVAILABLE -> "Shared Subscription Available";
            default -> "Unknown property";
        };
        return name + String.format(" (0x%02X)", id);
    }
}
