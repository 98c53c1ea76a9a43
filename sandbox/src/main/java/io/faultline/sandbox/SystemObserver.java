package io.faultline.sandbox;

import io.faultline.common.events.CreditEvent;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.TopicSpec;
import io.faultline.common.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the system publishes (outages, notice receipts, credits, dead letters) as any Kafka client would,
 * and keeps the tallies of the summary. Per-record lists are kept only for small runs (tests).
 */
public final class SystemObserver implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final boolean keepRecords;

    private final Map<String, AtomicLong> outagesByStatus = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> receiptsByChannelAndState = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> creditTotals = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> unreadable = new ConcurrentHashMap<>();
    private final AtomicLong credits = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final List<OutageEvent> outages = new CopyOnWriteArrayList<>();
    private final List<NoticeReceipt> receipts = new CopyOnWriteArrayList<>();
    private final List<CreditGranted> creditList = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> deadLetterRecords = new CopyOnWriteArrayList<>();

    public SystemObserver(String bootstrapServers, boolean keepRecords) {
        this.keepRecords = keepRecords;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        List<String> topics = new ArrayList<>(List.of(Topics.OUTAGES.name(), Topics.NOTICE_RECEIPTS.name(),
                Topics.CREDITS.name()));
        Topics.ALL.forEach(t -> topics.add(t.dlt()));
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = Thread.ofPlatform().name("system-observer").daemon().start(this::run);
    }

    private void run() {
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                records.incrementAndGet();
                try {
                    accept(record);
                } catch (RuntimeException invalid) {
                    count(unreadable, record.topic());
                }
            }
        }
        consumer.close();
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.endsWith(TopicSpec.DLT_SUFFIX)) {
            count(deadLetters, topic);
            if (keepRecords) {
                deadLetterRecords.add(record);
            }
        } else if (topic.equals(Topics.OUTAGES.name())) {
            OutageEvent event = EventJson.read(record.value(), OutageEvent.class);
            count(outagesByStatus, event.status().name());
            outages.add(event);
        } else if (topic.equals(Topics.NOTICE_RECEIPTS.name())) {
            NoticeReceipt receipt = EventJson.read(record.value(), NoticeReceipt.class);
            count(receiptsByChannelAndState, receipt.channel() + ":" + receipt.state());
            if (keepRecords) {
                receipts.add(receipt);
            }
        } else if (topic.equals(Topics.CREDITS.name())) {
            CreditEvent event = EventJson.read(record.value(), CreditEvent.class);
            if (event instanceof CreditGranted granted) {
                credits.incrementAndGet();
                creditTotals.computeIfAbsent(granted.currency(), c -> new AtomicLong()).addAndGet(granted.amountMinor());
                if (keepRecords) {
                    creditList.add(granted);
                }
            }
        }
    }

    private static void count(Map<String, AtomicLong> map, String key) {
        map.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    public long outages(String status) {
        AtomicLong n = outagesByStatus.get(status);
        return n == null ? 0 : n.get();
    }

    public long receipts(String channel, String state) {
        AtomicLong n = receiptsByChannelAndState.get(channel + ":" + state);
        return n == null ? 0 : n.get();
    }

    public long credits() {
        return credits.get();
    }

    public long recordsSeen() {
        return records.get();
    }

    public List<OutageEvent> outageEvents() {
        return List.copyOf(outages);
    }

    public List<NoticeReceipt> receipts() {
        return List.copyOf(receipts);
    }

    public List<CreditGranted> creditEvents() {
        return List.copyOf(creditList);
    }

    public List<ConsumerRecord<String, byte[]>> deadLetterRecords() {
        return List.copyOf(deadLetterRecords);
    }

    /** Waits until no new record has arrived for {@code quiet}. */
    public void awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = records.get();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= quiet.toNanos()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The summary as a JSON object. */
    public Map<String, Object> summary(String scenario) {
        Map<String, Object> summary = new TreeMap<>();
        summary.put("scenario", scenario);
        summary.put("outages", snapshot(outagesByStatus));
        Map<String, Long> notices = new TreeMap<>();
        receiptsByChannelAndState.forEach((key, n) -> {
            if (key.endsWith(":ACCEPTED")) {
                notices.put(key.substring(0, key.indexOf(':')), n.get());
            }
        });
        summary.put("notices", notices);
        summary.put("receipts", snapshot(receiptsByChannelAndState));
        Map<String, Object> creditSummary = new TreeMap<>();
        creditSummary.put("count", credits.get());
        creditSummary.put("totalMinor", snapshot(creditTotals));
        summary.put("credits", creditSummary);
        summary.put("deadLetters", snapshot(deadLetters));
        summary.put("unreadable", snapshot(unreadable));
        return summary;
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> map) {
        Map<String, Long> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
