package dev.roost.broker.core.routing;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Picks the one member of a shared subscription group that receives a message (4.8.2).
 *
 * <p>Threading: called concurrently from every thread that runs {@link SubscriptionTree#match}, for the same group
 * too; implementations must be thread-safe and should not block. The per-group state a fair choice needs (a turn
 * counter) is kept by the tree with the group, so a choice holds no per-group state and none outlives its group.
 */
@FunctionalInterface
public interface SharedSubscriberChoice {

    /**
     * @param memberClientIds the group's members in a stable order; never empty, immutable
     * @param turn a number the tree increments for this group on every message (it may overflow to negative values)
     * @return the index in {@code memberClientIds} of the member that receives the message
     */
    int choose(List<String> memberClientIds, int turn);

    /**
     * Round-robin per group among the online members; when none is online, the member whose turn it is (its session
     * queues the message). A member that follows an offline one gets that one's turns too.
     *
     * @param isOnline whether a client has a live connection; called on match threads
     */
    static SharedSubscriberChoice roundRobin(Predicate<String> isOnline) {
        Objects.requireNonNull(isOnline, "isOnline");
        return (members, turn) -> {
            int size = members.size();
            int first = Math.floorMod(turn, size);
            for (int i = 0; i < size; i++) {
                int index = (first + i) % size;
                if (isOnline.test(members.get(index))) {
                    return index;
                }
            }
            return first;
        };
    }

    /**
     * The online member with the fewest messages in flight, ties going round-robin; when none is online, the member
     * whose turn it is (its session queues the message).
     *
     * @param isOnline whether a client has a live connection; called on match threads
     * @param inFlightOf how many messages a client has in flight (or queued, as the caller sees fit); called on match
     *        threads, a momentary value is good enough
     */
    static SharedSubscriberChoice leastLoaded(Predicate<String> isOnline, ToIntFunction<String> inFlightOf) {
        Objects.requireNonNull(isOnline, "isOnline");
        Objects.requireNonNull(inFlightOf, "inFlightOf");
        return (members, turn) -> {
            int size = members.size();
            int first = Math.floorMod(turn, size);
            int best = -1;
            int bestLoad = Integer.MAX_VALUE;
            for (int i = 0; i < size; i++) {
                int index = (first + i) % size;
                String member = members.get(index);
                if (isOnline.test(member)) {
                    int load = inFlightOf.applyAsInt(member);
                    if (best < 0 || load < bestLoad) {
                        best = index;
                        bestLoad = load;
                    }
                }
            }
            return best < 0 ? first : best;
        };
    }
}
