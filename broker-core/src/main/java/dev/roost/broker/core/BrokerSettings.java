package dev.roost.broker.core;

import java.util.Objects;

/**
 * What the session logic needs to know about the broker's policy. Immutable; {@link #newBuilder()} makes a variant.
 *
 * <p>Durations that appear on the wire are kept in the wire's unit (seconds) and named so.
 */
public final class BrokerSettings {

    /** How a shared subscription group picks the member that gets a message. */
    public enum SharedSubscriptionPolicy { ROUND_ROBIN, LEAST_LOADED }

    /** What happens when a session's queue is full. */
    public enum OverflowPolicy { DROP_NEWEST, DROP_OLDEST }

    public static final long NEVER_EXPIRES = 0xFFFFFFFFL;

    private final int lanes;
    private final long maxSessionExpirySeconds;
    private final long v3SessionExpirySeconds;
    private final int maxKeepAliveSeconds;
    private final int receiveMaximum;
    private final int maximumPacketSize;
    private final int topicAliasMaximum;
    private final int v3InflightWindow;
    private final boolean retainAvailable;
    private final boolean wildcardSubscriptionAvailable;
    private final boolean subscriptionIdentifiersAvailable;
    private final boolean sharedSubscriptionAvailable;
    private final SharedSubscriptionPolicy sharedSubscriptionPolicy;
    private final int maxQueuedMessages;
    private final long maxQueuedBytes;
    private final OverflowPolicy overflowPolicy;
    private final boolean queueQos0WhenOffline;

    private BrokerSettings(Builder b) {
        this.lanes = b.lanes;
        this.maxSessionExpirySeconds = b.maxSessionExpirySeconds;
        this.v3SessionExpirySeconds = b.v3SessionExpirySeconds;
        this.maxKeepAliveSeconds = b.maxKeepAliveSeconds;
        this.receiveMaximum = b.receiveMaximum;
        this.maximumPacketSize = b.maximumPacketSize;
        this.topicAliasMaximum = b.topicAliasMaximum;
        this.v3InflightWindow = b.v3InflightWindow;
        this.retainAvailable = b.retainAvailable;
        this.wildcardSubscriptionAvailable = b.wildcardSubscriptionAvailable;
        this.subscriptionIdentifiersAvailable = b.subscriptionIdentifiersAvailable;
        this.sharedSubscriptionAvailable = b.sharedSubscriptionAvailable;
        this.sharedSubscriptionPolicy = b.sharedSubscriptionPolicy;
        this.maxQueuedMessages = b.maxQueuedMessages;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.overflowPolicy = b.overflowPolicy;
        this.queueQos0WhenOffline = b.queueQos0WhenOffline;
    }

    public static BrokerSettings defaults() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder newBuilder() {
        return new Builder(this);
    }

    /** Number of session lanes (single threads that own sessions). */
    public int lanes() { return lanes; }

    /** Upper bound on a 5.0 client's Session Expiry Interval; CONNACK tells the client when it lowers its value. */
    public long maxSessionExpirySeconds() { return maxSessionExpirySeconds; }

    /** Expiry of a 3.1.1 persistent (Clean Session 0) session after its connection is lost. */
    public long v3SessionExpirySeconds() { return v3SessionExpirySeconds; }

    /** 0 means no maximum; otherwise the broker lowers larger (or zero) client keep-alives to this. */
    public int maxKeepAliveSeconds() { return maxKeepAliveSeconds; }

    /** How many unacknowledged QoS 1/2 PUBLISH packets a 5.0 client may send to the broker at once. */
    public int receiveMaximum() { return receiveMaximum; }

    /** Largest packet the broker accepts, in bytes. */
    public int maximumPacketSize() { return maximumPacketSize; }

    /** Highest topic alias a 5.0 client may use toward the broker; 0 disables inbound aliases. */
    public int topicAliasMaximum() { return topicAliasMaximum; }

    /** In-flight window toward a 3.1.1 client, which cannot announce a Receive Maximum. */
    public int v3InflightWindow() { return v3InflightWindow; }

    public boolean retainAvailable() { return retainAvailable; }

    public boolean wildcardSubscriptionAvailable() { return wildcardSubscriptionAvailable; }

    public boolean subscriptionIdentifiersAvailable() { return subscriptionIdentifiersAvailable; }

    public boolean sharedSubscriptionAvailable() { return sharedSubscriptionAvailable; }

    public SharedSubscriptionPolicy sharedSubscriptionPolicy() { return sharedSubscriptionPolicy; }

    /** Per-session limit on queued (not yet sent) messages. */
    public int maxQueuedMessages() { return maxQueuedMessages; }

    /** Per-session limit on the payload bytes of queued messages. */
    public long maxQueuedBytes() { return maxQueuedBytes; }

    public OverflowPolicy overflowPolicy() { return overflowPolicy; }

    /** Whether QoS 0 messages are queued for offline sessions (off by default). */
    public boolean queueQos0WhenOffline() { return queueQos0WhenOffline; }

    /** Builds {@link BrokerSettings}; starts from the defaults documented on each setter. */
    public static final class Builder {
        private int lanes = Math.max(2, Runtime.getRuntime().availableProcessors());
        private long maxSessionExpirySeconds = NEVER_EXPIRES;
        private long v3SessionExpirySeconds = NEVER_EXPIRES;
        private int maxKeepAliveSeconds = 0;
        private int receiveMaximum = 1024;
        private int maximumPacketSize = 1024 * 1024;
        private int topicAliasMaximum = 64;
        private int v3InflightWindow = 1024;
        private boolean retainAvailable = true;
        private boolean wildcardSubscriptionAvailable = true;
        private boolean subscriptionIdentifiersAvailable = true;
        private boolean sharedSubscriptionAvailable = true;
        private SharedSubscriptionPolicy sharedSubscriptionPolicy = SharedSubscriptionPolicy.ROUND_ROBIN;
        private int maxQueuedMessages = 10_000;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
        private boolean queueQos0WhenOffline = false;

        private Builder() {
        }

        private Builder(BrokerSettings s) {
            lanes = s.lanes;
            maxSessionExpirySeconds = s.maxSessionExpirySeconds;
            v3SessionExpirySeconds = s.v3SessionExpirySeconds;
            maxKeepAliveSeconds = s.maxKeepAliveSeconds;
            receiveMaximum = s.receiveMaximum;
            maximumPacketSize = s.maximumPacketSize;
            topicAliasMaximum = s.topicAliasMaximum;
            v3InflightWindow = s.v3InflightWindow;
            retainAvailable = s.retainAvailable;
            wildcardSubscriptionAvailable = s.wildcardSubscriptionAvailable;
            subscriptionIdentifiersAvailable = s.subscriptionIdentifiersAvailable;
            sharedSubscriptionAvailable = s.sharedSubscriptionAvailable;
            sharedSubscriptionPolicy = s.sharedSubscriptionPolicy;
            maxQueuedMessages = s.maxQueuedMessages;
            maxQueuedBytes = s.maxQueuedBytes;
            overflowPolicy = s.overflowPolicy;
            queueQos0WhenOffline = s.queueQos0WhenOffline;
        }

        /** Default: the number of processors, at least 2. */
        public Builder lanes(int v) { lanes = positive("lanes", v); return this; }
        /** Default: no cap (0xFFFFFFFF). */
        public Builder maxSessionExpirySeconds(long v) { maxSessionExpirySeconds = uint32("maxSessionExpirySeconds", v); return this; }
        /** Default: never (0xFFFFFFFF), as 3.1.1 itself promises; set a bound to reclaim abandoned sessions. */
        public Builder v3SessionExpirySeconds(long v) { v3SessionExpirySeconds = uint32("v3SessionExpirySeconds", v); return this; }
        /** Default: 0 (no maximum). */
        public Builder maxKeepAliveSeconds(int v) { maxKeepAliveSeconds = range("maxKeepAliveSeconds", v, 0, 65535); return this; }
        /** Default: 1024. */
        public Builder receiveMaximum(int v) { receiveMaximum = range("receiveMaximum", v, 1, 65535); return this; }
        /** Default: 1 MiB. */
        public Builder maximumPacketSize(int v) { maximumPacketSize = range("maximumPacketSize", v, 64, 268_435_460); return this; }
        /** Default: 64. */
        public Builder topicAliasMaximum(int v) { topicAliasMaximum = range("topicAliasMaximum", v, 0, 65535); return this; }
        /** Default: 1024. */
        public Builder v3InflightWindow(int v) { v3InflightWindow = range("v3InflightWindow", v, 1, 65535); return this; }
        public Builder retainAvailable(boolean v) { retainAvailable = v; return this; }
        public Builder wildcardSubscriptionAvailable(boolean v) { wildcardSubscriptionAvailable = v; return this; }
        public Builder subscriptionIdentifiersAvailable(boolean v) { subscriptionIdentifiersAvailable = v; return this; }
        public Builder sharedSubscriptionAvailable(boolean v) { sharedSubscriptionAvailable = v; return this; }
        /** Default: round robin. */
        public Builder sharedSubscriptionPolicy(SharedSubscriptionPolicy v) { sharedSubscriptionPolicy = Objects.requireNonNull(v); return this; }
        /** Default: 10,000. */
        public Builder maxQueuedMessages(int v) { maxQueuedMessages = positive("maxQueuedMessages", v); return this; }
        /** Default: 64 MiB. */
        public Builder maxQueuedBytes(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxQueuedBytes must be at least 1: " + v);
            }
            maxQueuedBytes = v;
            return this;
        }
        /** Default: drop newest. */
        public Builder overflowPolicy(OverflowPolicy v) { overflowPolicy = Objects.requireNonNull(v); return this; }
        /** Default: false. */
        public Builder queueQos0WhenOffline(boolean v) { queueQos0WhenOffline = v; return this; }

        public BrokerSettings build() {
            return new BrokerSettings(this);
        }

        private static int positive(String name, int v) {
            return range(name, v, 1, Integer.MAX_VALUE);
        }

        private static int range(String name, int v, int min, int max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + v);
            }
            return v;
        }

        private static long uint32(String name, long v) {
            if (v < 0 || v > NEVER_EXPIRES) {
                throw new IllegalArgumentException(name + " must be between 0 and 4294967295: " + v);
            }
            return v;
        }
    }
}
