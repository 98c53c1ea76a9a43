package io.faultline.notifier.delivery;

import io.faultline.common.events.NoticeReceipt;
import io.faultline.notifier.policy.NoticeBatch;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Delivers the notice requests decided by the fan-out, which come in batches ({@link NoticeBatch}). A notice whose stage a later one of its outage overtook
 * while it queued ({@link OutageBoard}) is not sent but recorded as SUPPRESSED. A batch is sent in parallel across
 * subscribers (the notices of one subscriber stay in order); each notice is retried a bounded number of times with back-off, then
 * recorded as FAILED and sent, with the reason, to the dead-letter topic. A notice that was sent is never retried
 * because of what happens after the send, and is journaled ({@link SentJournal}) before its receipt is published,
 * so a notice redelivered after a crash is not sent again: its receipt is published again instead. No notice makes the batch fail, so a batch is never re-sent whole. Receipts and dead letters are acknowledged by the
 * broker before the batch's offsets are committed, so a crash loses none of them and re-sends at most the
 * notices of the batch in flight.
 */
@Component
public class NoticeRequestListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NoticeRequestListener.class);
    private static final LogAccessor LOG = new LogAccessor(NoticeRequestListener.class);

    private final DeliveryService delivery;
    private final FaultlineKafkaProperties kafka;
    private final KafkaTemplate<String, Object> deadLetters;
    private final ExecutorService senders;
    private final ReceiptPublisher receipts;
    private final OutageBoard board;
    private final SentJournal journal;

    public NoticeRequestListener(DeliveryService delivery, FaultlineKafkaProperties kafka,
                                 KafkaTemplate<String, Object> deadLetterTemplate, NotifierProperties properties,
                                 ReceiptPublisher receipts, OutageBoard board, SentJournal journal) {
        this.delivery = delivery;
        this.journal = journal;
        this.board = board;
        this.receipts = receipts;
        this.kafka = kafka;
        this.deadLetters = deadLetterTemplate;
        this.senders = Executors.newFixedThreadPool(properties.senders(), Thread.ofPlatform().name("notice-sender-", 0).factory());
    }

    @KafkaListener(id = "notice-delivery", groupId = "notifier-service-delivery", topics = NotifierTopology.NOTICE_REQUESTS_TOPIC,
            containerFactory = "noticeRequestListenerFactory", batch = "true")
    public void deliver(List<ConsumerRecord<String, NoticeBatch>> records) {
        Map<String, List<Delivery>> bySubscriber = new LinkedHashMap<>();
        for (ConsumerRecord<String, NoticeBatch> record : records) {
            if (record.value() == null) {
                DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
                        SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
                deadLetter(record, record.key(), unreadable == null ? new byte[0] : unreadable.getData(),
                        unreadable != null ? unreadable : new IllegalArgumentException("empty notice batch record"));
                continue;
            }
            for (NoticeRequest notice : record.value().notices()) {
                bySubscriber.computeIfAbsent(notice.subscriberId(), k -> new ArrayList<>())
                        .add(new Delivery(record, notice));
            }
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Delivery> lane : bySubscriber.values()) {
            running.add(CompletableFuture.runAsync(() -> lane.forEach(this::deliverWithRetries), senders));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        receipts.flush();
    }

    /** One notice of a batch, with the record it came in (for a dead letter's origin). */
    private record Delivery(ConsumerRecord<String, NoticeBatch> record, NoticeRequest notice) {
    }

    /** Never throws: a notice that cannot be sent is recorded as FAILED and dead-lettered, the batch goes on. */
    private void deliverWithRetries(Delivery delivery) {
        NoticeRequest notice = delivery.notice();
        Optional<NoticeReceipt> alreadySent = journal.acceptedReceiptOf(notice.noticeId());
        if (alreadySent.isPresent()) {
            this.delivery.alreadySent(alreadySent.get());
            return;
        }
        Optional<String> overtaken = board.supersededBy(notice);
        if (overtaken.isPresent()) {
            this.delivery.superseded(notice, overtaken.get());
            return;
        }
        Exception last = null;
        for (int attempt = 0; attempt <= kafka.retryAttempts(); attempt++) {
            if (attempt > 0) {
                sleep(kafka.retryInterval().toMillis() * (1L << Math.min(attempt - 1, 6)));
            }
            NoticeReceipt accepted;
            try {
                accepted = this.delivery.send(notice);
            } catch (Exception e) {
                last = e;
                continue;
            }
            journal.record(accepted);
            this.delivery.accepted(accepted);
            return;
        }
        this.delivery.failed(notice, last);
        deadLetter(delivery.record(), notice.subscriberId(), EventJson.write(notice), last);
    }

    /**
     * Sends a notice (or a batch that could not be read) to the dead-letter topic under {@code key}, with the origin
     * of its record and the reason in the headers.
     */
    private void deadLetter(ConsumerRecord<String, NoticeBatch> record, String key, byte[] value, Exception reason) {
        RecordHeaders headers = new RecordHeaders();
        DeadLetterHeaders.describe(headers, record.topic(), record.partition(), record.offset(), reason,
                NotifierTopology.SERVICE);
        try {
            deadLetters.send(new ProducerRecord<>(record.topic() + ".dlt", null, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // not committing past a notice that is neither sent nor dead-lettered: the batch comes again (the sent
            // journal keeps what was sent from going twice)
            throw new IllegalStateException("could not dead-letter a notice of " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), e.getCause());
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
