package io.faultline.compensation.subscribers;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Where {@code subscribers.v1} stands and how far the subscriber listener has got through it, per partition. The
 * Kafka implementation is {@link KafkaSubscriberOffsets}; {@link SubscriberCatchUp} holds the logic.
 */
public interface SubscriberOffsets {

    /**
     * The offsets a read_committed consumer sees in a partition.
     *
     * @param start log start offset: where a consumer with nothing committed starts
     * @param end   end offset under read_committed: the last stable offset, past every decided transaction
     */
    record Range(long start, long end) {
    }

    /** Every partition of the topic with its range; empty when the topic does not exist. */
    Map<Integer, Range> ranges();

    /**
     * The next offset the subscriber listener will handle, per partition, as committed by its consumer group; a
     * partition the group has committed nothing for is absent. Every record below it was stored in the subscriber
     * table (or, if it could not be read, dead-lettered) before the commit.
     */
    Map<Integer, Long> committed();

    /**
     * The offset of the first record a read_committed consumer positioned at {@code from} receives, if it is below
     * {@code until}; {@code until} when there is none (only transaction markers or aborted records lie in between);
     * empty when that could not be found out in time.
     */
    OptionalLong firstRecord(int partition, long from, long until);
}
