package dev.roost.bench.scenario;

/** Who publishes where and who receives what, for the flow scenarios. */
public enum Topology {
    /** Publisher {@code i} publishes to its own topic; subscriber {@code i} subscribes to it alone. */
    PAIRS,
    /** Every publisher publishes to one topic; every subscriber subscribes to it. */
    FANOUT,
    /** Publisher {@code i} publishes to its own topic; every subscriber subscribes to all of them with {@code +}. */
    FANIN;

    String publisherTopic(String base, int publisher) {
        return this == FANOUT ? base : base + "/" + publisher;
    }

    String subscriberFilter(String base, int subscriber) {
        return switch (this) {
            case PAIRS -> base + "/" + subscriber;
            case FANOUT -> base;
            case FANIN -> base + "/+";
        };
    }

    /** @return how many subscribers receive each message */
    int receiversPerMessage(int subscribers) {
        return this == PAIRS ? 1 : subscribers;
    }

}
