package io.faultline.sandbox.bench;

import io.faultline.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The two throughput figures of one run, on one broker:
 * <ul>
 *   <li>{@link #rawProducer}: how many records per second one producer with the load's settings gets into the
 *       broker, with records of the load's size and mix, to a scratch topic with the same partitions;</li>
 *   <li>{@link #drain}: how fast the detector works through a backlog already in its input topics, measured on
 *       its consumer group's committed offsets, from its first commit (JVM start, Spring and Kafka Streams
 *       start-up excluded) until every input record is committed and its internal repartition topics are
 *       drained too (every record fully processed, not just read).</li>
 * </ul>
 */
final class ThroughputPhase {

    static final String RAW_TOPIC = "bench.raw-producer";
    static final List<String> INPUT_TOPICS = List.of(Topics.NETWORK_ALARMS.name(), Topics.CUSTOMER_COMPLAINTS.name());

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STALL = Duration.ofMinutes(3);

    /**
     * @param records         records processed between the two observations
     * @param seconds         time between them
     * @param fromFirstCommit true when timed from the first commit; false when the backlog was done before the
     *                        first observation and the time runs from readiness instead
     * @param complete        false when the time ran out first: {@code records} is then a lower bound, the input
     *                        records committed less everything still waiting on the repartition topics
     * @param recordsBehind   records still waiting when the time ran out (0 when complete)
     */
    record Drain(long records, double seconds, boolean fromFirstCommit, boolean complete, long recordsBehind) {
        double perSecond() {
            return records / seconds;
        }
    }

    /** A process whose consumer group {@link #drain} watches; a dead one fails the measurement. */
    interface MeasuredProcess {
        boolean isAlive();

        java.nio.file.Path log();
    }

    private final BenchBroker broker;
    private final Consumer<String> progress;

    ThroughputPhase(BenchBroker broker, Consumer<String> progress) {
        this.broker = broker;
        this.progress = progress;
    }

    /**
     * Sends {@code count} records cycling over {@code sample} to the scratch topic, then deletes it.
     *
     * @return records per second, from the first send until every record is acknowledged
     */
    double rawProducer(List<ProducerRecord<String, byte[]>> sample, long count) throws Exception {
        broker.createTopic(RAW_TOPIC, false);
        long start;
        long end;
        try (LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
            start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                ProducerRecord<String, byte[]> record = sample.get((int) (i % sample.size()));
                producer.send(new ProducerRecord<>(RAW_TOPIC, null, record.timestamp(), record.key(), record.value(),
                        record.headers()));
            }
            producer.flush();
            end = System.nanoTime();
        }
        broker.deleteTopic(RAW_TOPIC);
        return count / ((end - start) / 1e9);
    }

    /** Sample records of the load for {@link #rawProducer}. */
    static List<ProducerRecord<String, byte[]>> sample(Supplier<ProducerRecord<String, byte[]>> load, int size) {
        List<ProducerRecord<String, byte[]>> sample = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            sample.add(load.get());
        }
        return sample;
    }

    /**
     * Watches the detector's group work through what the input topics hold now.
     *
     * @param readyNanos when the detector reported ready ({@link System#nanoTime()}), the fallback start
     * @param detector   the running detector, or another application under measurement
     * @param timeout    how long to wait; when it runs out the result is a lower bound marked incomplete
     */
    Drain drain(String groupId, long readyNanos, MeasuredProcess detector, Duration timeout) throws Exception {
        Map<TopicPartition, Long> ends = broker.endOffsets(INPUT_TOPICS);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstNanos = 0;
        long firstCommitted = 0;
        long lastReport = System.nanoTime();
        long lastProgressNanos = System.nanoTime();
        long lastCommitted = -1;
        while (true) {
            if (!detector.isAlive()) {
                throw new IllegalStateException("the detector died during the backlog; see " + detector.log());
            }
            long now = System.nanoTime();
            Map<TopicPartition, Long> committed = broker.committedOffsets(groupId);
            long done = ends.keySet().stream().mapToLong(tp -> committed.getOrDefault(tp, 0L)).sum();
            long everything = committed.values().stream().mapToLong(Long::longValue).sum();
            if (everything != lastCommitted) {
                lastCommitted = everything;
                lastProgressNanos = now;
            } else if (now - lastProgressNanos > STALL.toNanos()) {
                throw new IllegalStateException("the detector has committed nothing for " + STALL + " (" + done
                        + " of " + total + " input records); see " + detector.log());
            }
            if (firstNanos == 0 && done > 0) {
                firstNanos = now;
                firstCommitted = done;
            }
            boolean timedOut = now > deadline;
            Map<String, Long> internalBehind = done >= total || timedOut
                    ? repartitionRecordsBehind(groupId, committed) : null;
            long behind = internalBehind == null ? -1
                    : internalBehind.values().stream().mapToLong(Long::longValue).sum();
            if (done >= total && behind == 0) {
                if (firstNanos == now || firstCommitted >= total) {
                    return new Drain(total, (now - readyNanos) / 1e9, false, true, 0);
                }
                return new Drain(total - firstCommitted, (now - firstNanos) / 1e9, true, true, 0);
            }
            if (timedOut) {
                long processed = Math.max(0, done - behind - firstCommitted);
                return new Drain(processed, (now - (firstNanos == 0 ? readyNanos : firstNanos)) / 1e9,
                        firstNanos != 0, false, total - done + behind);
            }
            if (now - lastReport > 10_000_000_000L) {
                lastReport = now;
                progress.accept(done < total
                        ? String.format("detector has committed %,d of %,d input records", done, total)
                        : "every input record committed; to go on its repartition topics: " + internalBehind);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * How far the group is behind on each of its repartition topics (named without the group prefix and the
     * {@code -repartition} suffix): per partition, the last stable offset less one (the transaction marker that
     * follows the last record, since the detector writes them with exactly-once transactions) less the committed
     * offset. Markers of earlier transactions make it a slight overestimate; all zero once every record on them has
     * been processed.
     */
    private Map<String, Long> repartitionRecordsBehind(String groupId, Map<TopicPartition, Long> committed)
            throws Exception {
        String prefix = groupId + "-";
        String suffix = "-repartition";
        Set<String> internal = broker.topicsNamed(prefix, suffix);
        Map<String, Long> behind = new TreeMap<>();
        if (internal.isEmpty()) {
            return behind;
        }
        for (Map.Entry<TopicPartition, Long> stable : broker.lastStableOffsets(internal).entrySet()) {
            String topic = stable.getKey().topic();
            String name = topic.substring(prefix.length(), topic.length() - suffix.length());
            long lso = stable.getValue();
            long waiting = lso > 0 ? Math.max(0, lso - 1 - committed.getOrDefault(stable.getKey(), 0L)) : 0;
            behind.merge(name, waiting, Long::sum);
        }
        return behind;
    }
}
