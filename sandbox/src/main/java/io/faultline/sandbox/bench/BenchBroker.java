package io.faultline.sandbox.bench;

import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A fresh embedded KRaft broker for one benchmark run, with every public topic and its DLT created with the
 * chosen partition count, and the admin queries the benchmark measures with. Public topics keep records forever
 * ({@code retention.ms=-1}): the load's history is weeks old in event time, and the broker's default 7-day
 * retention would delete it under the detector's feet.
 */
final class BenchBroker implements AutoCloseable {

    private final KafkaBroker broker;
    private final Admin admin;
    private final int partitions;

    private BenchBroker(KafkaBroker broker, int partitions) {
        this.broker = broker;
        this.partitions = partitions;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** Starts a broker on free ports with its data in {@code dataDir} and creates the public topics. */
    static BenchBroker start(Path dataDir, int partitions) {
        BenchBroker bench = new BenchBroker(KafkaBroker.startEmbedded(0, dataDir), partitions);
        for (TopicSpec<?> topic : Topics.ALL) {
            bench.createTopic(topic.name(), topic.compacted());
            bench.createTopic(topic.dlt(), false);
        }
        return bench;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    int partitions() {
        return partitions;
    }

    void createTopic(String name, boolean compacted) {
        broker.createTopic(name, partitions, compacted
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
    }

    void deleteTopic(String name) throws ExecutionException, InterruptedException {
        admin.deleteTopics(List.of(name)).all().get();
    }

    /** Offsets a consumer group has committed, per partition (empty when it has committed nothing yet). */
    Map<TopicPartition, Long> committedOffsets(String groupId) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                offsets.put(tp, offset.offset());
            }
        });
        return offsets;
    }

    /**
     * Waits until {@code groupId} has committed every partition of the topics up to the end they have now; fails
     * when {@code reader} dies or {@code timeout} passes first.
     */
    void awaitCommitted(String groupId, Collection<String> topics, ThroughputPhase.MeasuredProcess reader,
                        Duration timeout) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> committed = committedOffsets(groupId);
            if (ends.entrySet().stream().allMatch(end -> committed.getOrDefault(end.getKey(), 0L) >= end.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline || !reader.isAlive()) {
                throw new IllegalStateException(groupId + " did not read " + topics + " within " + timeout
                        + "; see " + reader.log());
            }
            Thread.sleep(100);
        }
    }

    /** End offsets of every partition of the topics (read_uncommitted: the high watermark). */
    Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws ExecutionException, InterruptedException {
        return offsets(topics, IsolationLevel.READ_UNCOMMITTED);
    }

    /** Last stable offsets (read_committed) of every partition of the topics. */
    Map<TopicPartition, Long> lastStableOffsets(Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return offsets(topics, IsolationLevel.READ_COMMITTED);
    }

    private Map<TopicPartition, Long> offsets(Collection<String> topics, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest())));
        return admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Names of the topics that start with {@code prefix} and end with {@code suffix}. */
    Set<String> topicsNamed(String prefix, String suffix) throws ExecutionException, InterruptedException {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(prefix) && name.endsWith(suffix)).collect(Collectors.toSet());
    }

    /** Counts the committed records of a topic one by one (read_committed), e.g. to check none is there twice. */
    long countCommittedRecords(String topic) {
        return countCommitted(topic, value -> 1);
    }

    /** Reads the topic from its start (read_committed) and sums {@code perRecord} over its records' values. */
    long countCommitted(String topic, ToLongFunction<byte[]> perRecord) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    count += perRecord.applyAsLong(record.value());
                }
            }
            return count;
        }
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
    }
}
