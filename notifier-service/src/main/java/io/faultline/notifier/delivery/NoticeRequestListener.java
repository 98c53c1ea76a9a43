package io.faultline.notifier.delivery;

import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.notifier.streams.NotifierTopology;
import io.faultline.platform.kafka.FaultlineKafkaProperties;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.notifier.receipts.ReceiptPublisher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivers the notice requests decided by the fan-out. A batch is sent in parallel across subscribers (the
 * notices of one subscriber stay in order); each notice is retried a bounded number of times, then recorded as
 * FAILED and sent, with the reason, to the dead-letter topic. Receipts and dead letters are acknowledged by the
 * broker before the batch's offsets are committed, so a crash loses none of them and re-sends at most the
 * notices of the batch in flight.
 */
@Component
public class NoticeRequestListener implements AutoCloseable {

    private final DeliveryService delivery;
    private final FaultlineKafkaProperties kafka;
    private final KafkaTemplate<String, Object> deadLetters;
    private final ExecutorService senders;
    private final ReceiptPublisher receipts;

    public NoticeRequestListener(DeliveryService delivery, FaultlineKafkaProperties kafka,
                                 KafkaTemplate<String, Object> deadLetterTemplate, NotifierProperties properties,
                                 ReceiptPublisher receipts) {
        this.delivery = delivery;
        this.receipts = receipts;
        this.kafka = kafka;
        this.deadLetters = deadLetterTemplate;
        this.senders = Executors.newFixedThreadPool(properties.senders(), Thread.ofPlatform().name("notice-sender-", 0).factory());
    }

    @KafkaListener(id = "notice-delivery", groupId = "notifier-service-delivery", topics = NotifierTopology.NOTICE_REQUESTS_TOPIC,
            containerFactory = "noticeRequestListenerFactory", batch = "true")
    public void deliver(List<ConsumerRecord<String, NoticeRequest>> batch) {
        Map<String, List<ConsumerRecord<String, NoticeRequest>>> bySubscriber = new LinkedHashMap<>();
        for (ConsumerRecord<String, NoticeRequest> record : batch) {
            bySubscriber.computeIfAbsent(String.valueOf(record.key()), k -> new ArrayList<>()).add(record);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<ConsumerRecord<String, NoticeRequest>> lane : bySubscriber.values()) {
            running.add(CompletableFuture.runAsync(() -> lane.forEach(this::deliverWithRetries), senders));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        receipts.flush();
    }

    private void deliverWithRetries(ConsumerRecord<String, NoticeRequest> record) {
        Exception last = null;
        for (int attempt = 0; attempt <= kafka.retryAttempts(); attempt++) {
            try {
                delivery.deliver(record.value());
                return;
            } catch (Exception e) {
                last = e;
                sleep(kafka.retryInterval().toMillis() * (1L << Math.min(attempt, 6)));
            }
        }
        delivery.failed(record.value(), last);
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.describe(headers, record.topic(), record.partition(), record.offset(), last,
                NotifierTopology.SERVICE);
        try {
            deadLetters.send(new ProducerRecord<>(record.topic() + ".dlt", null, record.key(),
                    EventJson.write(record.value()), headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering " + record.value().noticeId(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not dead-letter " + record.value().noticeId(), e.getCause());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
