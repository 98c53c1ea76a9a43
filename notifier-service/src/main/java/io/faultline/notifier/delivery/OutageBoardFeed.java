package io.faultline.notifier.delivery;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import io.faultline.common.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds every outage event of outages.v1 to an observer (the {@link OutageBoard}, the status page): every
 * partition, from the beginning, read_committed, on its own thread, without a consumer group (every instance needs
 * every outage). Records that are not outage events are skipped (the fan-out dead-letters them).
 */
public final class OutageBoardFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutageBoardFeed.class);

    private final Consumer<OutageEvent> observer;
    private final Map<String, Object> consumerConfig;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    public OutageBoardFeed(Consumer<OutageEvent> observer, Map<String, Object> consumerConfig) {
        this.observer = observer;
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("outage-board-feed").daemon().start(this::run);
    }

    private void run() {
        try {
            String topic = Topics.OUTAGES.name();
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty()) {
                partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                if (partitions.isEmpty()) {
                    log.info("Waiting for {} to exist", topic);
                    Thread.sleep(1_000);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.value() == null) {
                        continue;
                    }
                    try {
                        observer.accept(EventJson.read(record.value(), OutageEvent.class));
                    } catch (InvalidEventException notAnOutageEvent) {
                        log.debug("Outage board skips {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), notAnOutageEvent.getMessage());
                    }
                }
            }
        } catch (WakeupException stopping) {
            // stopped
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The outage board stopped reading {}: stale notices may be sent and the status page stands still until a restart",
                    Topics.OUTAGES.name(), e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void stop() {
        KafkaConsumer<String, byte[]> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        Thread reader = thread;
        if (reader != null) {
            try {
                reader.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null && thread.isAlive();
    }
}
