package io.faultline.compensation.outbox;

import io.faultline.common.serde.CloudEventHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds the credits a crashed relay published to the topic but did not live to mark published: it reads the topic
 * (read_committed) from the {@link PublishedPositions stored positions} to its end, marks every credit it finds
 * there published in the outbox and moves the positions to the end. Run by a relay before it publishes anything,
 * after its transactional producer has fenced any earlier one, so that no transaction of a dead relay is still open
 * and the end it reads to is final.
 */
public class OutboxReconciler {

    private static final Logger log = LoggerFactory.getLogger(OutboxReconciler.class);
    private static final int MARK_BATCH = 10_000;
    private static final Duration POLL = Duration.ofMillis(500);

    /** What a reconciliation found. */
    public record Reconciliation(long recordsRead, long marked) {
    }

    private final String topic;
    private final CreditOutbox outbox;
    private final PublishedPositions positions;
    private final TransactionTemplate transactions;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Duration timeout;

    /**
     * @param consumers creates a read_committed consumer without a group; it is closed after each reconciliation
     * @param timeout   how long reading to the end may take before the reconciliation fails
     */
    public OutboxReconciler(String topic, CreditOutbox outbox, PublishedPositions positions,
                            TransactionTemplate transactions, Supplier<Consumer<byte[], byte[]>> consumers,
                            Duration timeout) {
        this.topic = topic;
        this.outbox = outbox;
        this.positions = positions;
        this.transactions = transactions;
        this.consumers = consumers;
        this.timeout = timeout;
    }

    /** Reads the topic from the stored positions to its end and marks what it finds published. */
    public Reconciliation reconcile() {
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<Integer, Long> stored = positions.of(topic);
            if (stored.isEmpty() && outbox.pendingCount() == 0) {
                record(end);
                return new Reconciliation(0, 0);
            }
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition partition : partitions) {
                long from = Math.max(stored.getOrDefault(partition.partition(), 0L), beginning.get(partition));
                consumer.seek(partition, Math.min(from, end.get(partition)));
            }
            long read = 0;
            long marked = 0;
            Set<UUID> found = new HashSet<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end " + end + " within "
                            + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    read++;
                    CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID).flatMap(OutboxReconciler::uuid)
                            .ifPresent(found::add);
                }
                if (found.size() >= MARK_BATCH) {
                    marked += mark(found);
                    found.clear();
                    Map<TopicPartition, Long> reached = new HashMap<>();
                    partitions.forEach(p -> reached.put(p, Math.min(consumer.position(p), end.get(p))));
                    record(reached); // a reconciliation that times out resumes from here
                }
            }
            marked += mark(found);
            record(end);
            if (marked > 0) {
                log.warn("{} credits were on {} but not marked published (the relay stopped between the broker's"
                        + " commit and the database's); marked now, not published again", marked, topic);
            }
            log.info("Outbox reconciled against {}: {} records read from the stored positions to {}", topic, read,
                    end);
            return new Reconciliation(read, marked);
        }
    }

    private long mark(Set<UUID> creditIds) {
        if (creditIds.isEmpty()) {
            return 0;
        }
        Integer marked = transactions.execute(status -> outbox.markPublished(new ArrayList<>(creditIds)));
        return marked == null ? 0 : marked;
    }

    private void record(Map<TopicPartition, Long> end) {
        Map<Integer, Long> next = new HashMap<>();
        end.forEach((partition, offset) -> next.put(partition.partition(), offset));
        transactions.executeWithoutResult(status -> positions.advance(topic, next));
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException notACreditId) {
            return Optional.empty();
        }
    }
}
