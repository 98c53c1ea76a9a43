package io.faultline.sandbox.bench;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import io.faultline.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code outages.v1} as a downstream consumer would (read_committed, so an event counts from the moment the
 * detector's transaction commits it) on its own thread, and stamps every event with the monotonic time at which
 * it was read.
 */
final class OutageWatcher implements AutoCloseable {

    /** An outage event and when this watcher read it ({@link System#nanoTime()}). */
    record Seen(OutageEvent event, long readNanos) {
    }

    /** Called on the watcher's thread for every event read. */
    interface Listener {
        void seen(Seen seen);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /**
     * Starts reading from the current end of the topic ({@code fromEnd}) or from its beginning.
     */
    OutageWatcher(String bootstrapServers, boolean fromEnd) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new ByteArrayDeserializer());
        String topic = Topics.OUTAGES.name();
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("bench-outage-watcher").daemon().start(this::run);
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Every event read so far, in reading order. */
    List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    private void run() {
        try {
            while (running.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                long readNanos = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    OutageEvent event;
                    try {
                        event = EventJson.read(record.value(), OutageEvent.class);
                    } catch (InvalidEventException notAnOutageEvent) {
                        continue;
                    }
                    Seen s = new Seen(event, readNanos);
                    seen.add(s);
                    listeners.forEach(listener -> listener.seen(s));
                }
            }
        } catch (WakeupException stopping) {
            // closed
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
