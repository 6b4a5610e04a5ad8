package dev.roost.testkit;

/**
 * The body layout DISCONNECT and AUTH share: an optional reason code, then optional properties (3.14.2, 3.15.2).
 * Stateless.
 */
final class ReasonAndProperties {
    private ReasonAndProperties() {
    }

    static byte[] frame(int type, int fixedHeaderFlags, Integer reasonCode, PropertyBlock properties) {
        ByteSink body = new ByteSink();
        if (reasonCode != null || !properties.isEmpty()) {
            body.u8(reasonCode != null ? reasonCode : 0x00);
        }
        if (!properties.isEmpty()) {
            properties.writeTo(body);
        }
        return ByteSink.frame(type, fixedHeaderFlags, body.toByteArray());
    }
}
