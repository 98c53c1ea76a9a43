package io.faultline.compensation.outbox;

import io.faultline.common.events.CreditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes booked credits from the outbox to {@code credits.v1} as {@code CreditGranted} events, keyed by billing
 * account, in booking order, exactly once.
 *
 * <p>One instance relays at a time (the {@link RelayLeadership} lock). Each batch runs in one database transaction:
 * it locks unpublished rows, publishes them in one Kafka transaction, and after the broker's commit marks them
 * published and advances the {@link PublishedPositions} to the offsets just written. A crash (or any failure) can
 * therefore leave the two stores disagreeing in one way only: credits committed on the topic whose marks were rolled
 * back. So before it publishes anything, a relay starts a new transactional producer under the service's fixed
 * transactional id, which aborts any transaction a dead relay left open and fences it, and then
 * {@link OutboxReconciler reconciles}: it reads the topic from the stored positions to its end and marks the credits
 * it finds there published. Any failure during a pass discards the producer, so the next pass starts and reconciles
 * again. Consumers reading {@code credits.v1} read_committed see each credit once.
 *
 * <p>It runs every {@code faultline.compensation.outbox.interval} (200 ms) and at once when {@link #kick() kicked}
 * after a grant, unless {@code faultline.compensation.outbox.enabled} is false (credits then wait in the outbox). It
 * must be the only transactional writer of its topic: the reconciliation reads up to the last stable offset, which
 * another writer's open transaction would hold back.
 */
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final String topic;
    private final CreditOutbox outbox;
    private final PublishedPositions positions;
    private final OutboxReconciler reconciler;
    private final RelayLeadership leadership;
    private final Supplier<Producer<String, CreditEvent>> producers;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;
    private final int batchSize;
    private final Counter published;
    private final Counter reconciled;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final ReentrantLock passLock = new ReentrantLock();
    private final ExecutorService kicks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay-kick");
        thread.setDaemon(true);
        return thread;
    });
    private final boolean enabled;
    private Producer<String, CreditEvent> producer;
    private boolean batchInDoubt;
    private KafkaClientMetrics producerMetrics;

    /**
     * @param producers creates a transactional producer under the service's fixed transactional id, not yet
     *                  initialised; one is used until a failure, then closed and replaced
     */
    public OutboxRelay(String topic, CreditOutbox outbox, PublishedPositions positions, OutboxReconciler reconciler,
                       RelayLeadership leadership, Supplier<Producer<String, CreditEvent>> producers,
                       TransactionTemplate transactions, MeterRegistry meters, int batchSize, boolean enabled) {
        this.topic = topic;
        this.outbox = outbox;
        this.positions = positions;
        this.reconciler = reconciler;
        this.leadership = leadership;
        this.producers = producers;
        this.transactions = transactions;
        this.meters = meters;
        this.batchSize = batchSize;
        this.enabled = enabled;
        this.published = Counter.builder("faultline.credits.outbox.published")
                .description("Credits the relay published to credits.v1 and marked published")
                .register(meters);
        this.reconciled = Counter.builder("faultline.credits.outbox.reconciled")
                .description("Credits found on credits.v1 after a relay stopped before marking them, marked"
                        + " published instead of being published again")
                .register(meters);
        Gauge.builder("faultline.credits.outbox.pending", outbox, CreditOutbox::pendingCount)
                .description("Credits booked in the ledger and not yet acknowledged by credits.v1")
                .register(meters);
        Gauge.builder("faultline.credits.outbox.leader", leading, l -> l.get() ? 1 : 0)
                .description("1 when this instance relays the credit outbox")
                .register(meters);
    }

    /** Starts a pass soon, without waiting for the next tick; does nothing if a pass is already under way. */
    public void kick() {
        try {
            kicks.execute(this::relayPending);
        } catch (RejectedExecutionException e) {
            log.debug("Outbox relay is shut down; kick ignored");
        }
    }

    /**
     * Publishes unpublished credits, batch after batch, until none is left, if this instance leads. Returns how
     * many were published.
     */
    @Scheduled(fixedDelayString = "${faultline.compensation.outbox.interval:200ms}")
    public int relayPending() {
        if (!enabled || !passLock.tryLock()) {
            return 0;
        }
        try {
            if (batchInDoubt) {
                // The last batch was interrupted by something no catch below saw (an Error): it may be on the
                // topic without its marks, so a new producer reconciles first.
                discardProducer();
            }
            if (!leadership.lead()) {
                leading.set(false);
                discardProducer();
                return 0;
            }
            leading.set(true);
            if (producer == null) {
                openProducerAndReconcile();
            }
            int total = 0;
            int batch;
            do {
                batch = publishBatch();
                total += batch;
            } while (batch == batchSize);
            if (total > 0) {
                log.info("Published {} credits to {}", total, topic);
            }
            return total;
        } catch (RuntimeException e) {
            log.warn("Outbox relay pass failed; the next pass starts a new producer and reconciles: {}",
                    e.toString());
            discardProducer();
            return 0;
        } finally {
            passLock.unlock();
        }
    }

    private void openProducerAndReconcile() {
        Producer<String, CreditEvent> candidate = producers.get();
        try {
            candidate.initTransactions();
        } catch (RuntimeException e) {
            candidate.close(Duration.ZERO);
            throw e;
        }
        producer = candidate;
        producerMetrics = new KafkaClientMetrics(candidate);
        producerMetrics.bindTo(meters);
        reconciled.increment(reconciler.reconcile().marked());
    }

    private int publishBatch() {
        Integer count = transactions.execute(status -> {
            List<CreditOutbox.Entry> entries = outbox.lockPending(batchSize);
            if (entries.isEmpty()) {
                return 0;
            }
            batchInDoubt = true;
            producer.beginTransaction();
            List<Future<RecordMetadata>> acks = new ArrayList<>(entries.size());
            List<UUID> ids = new ArrayList<>(entries.size());
            for (CreditOutbox.Entry entry : entries) {
                acks.add(producer.send(new ProducerRecord<>(topic, entry.event().billingAccount(), entry.event())));
                ids.add(entry.creditId());
            }
            producer.commitTransaction();
            positions.advance(topic, nextOffsets(acks));
            outbox.markPublished(ids);
            return entries.size();
        });
        batchInDoubt = false;
        int batch = count == null ? 0 : count;
        published.increment(batch);
        return batch;
    }

    /** After a committed transaction every send is acknowledged: per partition, the offset after the last one. */
    private static Map<Integer, Long> nextOffsets(List<Future<RecordMetadata>> acks) {
        Map<Integer, Long> next = new HashMap<>();
        for (Future<RecordMetadata> ack : acks) {
            try {
                RecordMetadata metadata = ack.get(0, TimeUnit.MILLISECONDS);
                next.merge(metadata.partition(), metadata.offset() + 1, Math::max);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("a send of a committed transaction has no acknowledgement", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return next;
    }

    private void discardProducer() {
        batchInDoubt = false;
        if (producerMetrics != null) {
            producerMetrics.close();
            producerMetrics = null;
        }
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("Closing the outbox producer: {}", e.toString());
            }
            producer = null;
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        kicks.shutdown();
        if (!kicks.awaitTermination(10, TimeUnit.SECONDS)) {
            kicks.shutdownNow();
        }
        passLock.lock();
        try {
            discardProducer();
            leadership.close();
            leading.set(false);
        } finally {
            passLock.unlock();
        }
    }
}
