package io.faultline.compensation.subscribers;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SubscriberOffsets} read from the broker: partitions and read_committed end offsets of the topic and the
 * committed offsets of the subscriber listener's group through the admin client, probes through a consumer of its
 * own (read_committed, no group, one small fetch at a time).
 */
public class KafkaSubscriberOffsets implements SubscriberOffsets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSubscriberOffsets.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_POLL = Duration.ofMillis(100);

    private final String topic;
    private final Supplier<String> groupId;
    private final Admin admin;
    private final Supplier<Consumer<byte[], byte[]>> probeConsumers;
    private Consumer<byte[], byte[]> probeConsumer;
    private boolean closed;

    /**
     * @param topic          the subscriber topic
     * @param groupId        the subscriber listener's consumer group, asked for at each use
     * @param admin          admin client, closed with this
     * @param probeConsumers creates the read_committed probe consumer when first needed; it is closed with this
     */
    public KafkaSubscriberOffsets(String topic, Supplier<String> groupId, Admin admin,
                                  Supplier<Consumer<byte[], byte[]>> probeConsumers) {
        this.topic = topic;
        this.groupId = groupId;
        this.admin = admin;
        this.probeConsumers = probeConsumers;
    }

    @Override
    public Map<Integer, Range> ranges() {
        TopicDescription description;
        try {
            description = get(admin.describeTopics(List.of(topic)).topicNameValues().get(topic));
        } catch (KafkaException e) {
            if (e instanceof UnknownTopicOrPartitionException
                    || e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw e;
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        description.partitions().forEach(p -> {
            earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        });
        ListOffsetsOptions readCommitted = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> starts = get(admin.listOffsets(earliest, readCommitted).all());
        Map<TopicPartition, ListOffsetsResultInfo> ends = get(admin.listOffsets(latest, readCommitted).all());
        Map<Integer, Range> ranges = new HashMap<>();
        ends.forEach((tp, end) -> {
            ListOffsetsResultInfo start = starts.get(tp);
            ranges.put(tp.partition(), new Range(start == null ? 0 : start.offset(), end.offset()));
        });
        return ranges;
    }

    @Override
    public Map<Integer, Long> committed() {
        Map<TopicPartition, OffsetAndMetadata> offsets;
        try {
            offsets = get(admin.listConsumerGroupOffsets(groupId.get()).partitionsToOffsetAndMetadata());
        } catch (GroupIdNotFoundException e) {
            return Map.of();
        }
        Map<Integer, Long> committed = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset != null && tp.topic().equals(topic)) {
                committed.put(tp.partition(), offset.offset());
            }
        });
        return committed;
    }

    @Override
    public synchronized OptionalLong firstRecord(int partition, long from, long until) {
        if (from >= until) {
            return OptionalLong.of(until);
        }
        if (closed) {
            return OptionalLong.empty();
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        try {
            if (probeConsumer == null) {
                probeConsumer = probeConsumers.get();
            }
            Consumer<byte[], byte[]> consumer = probeConsumer;
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
            long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(PROBE_POLL).records(tp);
                if (!records.isEmpty()) {
                    return OptionalLong.of(Math.min(records.getFirst().offset(), until));
                }
                if (consumer.position(tp, REQUEST_TIMEOUT) >= until) {
                    return OptionalLong.of(until);
                }
            }
            log.debug("Probe of {} from {} to {} inconclusive after {}", tp, from, until, PROBE_TIMEOUT);
            return OptionalLong.empty();
        } catch (KafkaException e) {
            log.warn("Probe of {} from {} to {} failed: {}", tp, from, until, e.toString());
            closeProbeConsumer();
            return OptionalLong.empty();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeProbeConsumer();
        admin.close(Duration.ofSeconds(5));
    }

    private void closeProbeConsumer() {
        if (probeConsumer != null) {
            try {
                probeConsumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.debug("Closing the probe consumer failed: {}", e.toString());
            }
            probeConsumer = null;
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while reading offsets", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException kafka) {
                throw kafka;
            }
            throw new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new KafkaException("no answer from the broker within " + REQUEST_TIMEOUT, e);
        }
    }
}
