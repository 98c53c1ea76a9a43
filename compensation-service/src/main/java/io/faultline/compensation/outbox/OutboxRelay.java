package io.faultline.compensation.outbox;

import io.faultline.common.events.CreditEvent;
import io.faultline.common.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes booked credits from the outbox to {@code credits.v1} as {@code CreditGranted} events, keyed by billing
 * account, in booking order. Each pass locks a batch of unpublished rows, sends them with the idempotent producer,
 * waits for every acknowledgement and marks the acknowledged rows published in the same transaction. It runs every
 * {@code faultline.compensation.outbox.interval} (200 ms) and at once when {@link #kick() kicked} after a grant.
 *
 * <p>Delivery is at least once with a stable id: if the service stops between the broker's acknowledgement and
 * the commit of the "published" mark, the next pass publishes the same credits again, with the same
 * deterministic credit id (and {@code ce_id}), so that consumers can drop the duplicate. Exactly-once
 * publication is not attempted here.
 */
@Component
public class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final CreditOutbox outbox;
    private final KafkaTemplate<String, CreditEvent> creditTemplate;
    private final TransactionTemplate transactions;
    private final int batchSize;
    private final Duration ackTimeout;
    private final ReentrantLock passLock = new ReentrantLock();
    private final ExecutorService kicks = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay-kick");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(CreditOutbox outbox, KafkaTemplate<String, CreditEvent> creditTemplate,
                       TransactionTemplate transactions, MeterRegistry meters,
                       @Value("${faultline.compensation.outbox.batch-size:2000}") int batchSize,
                       @Value("${faultline.compensation.outbox.ack-timeout:30s}") Duration ackTimeout) {
        this.outbox = outbox;
        this.creditTemplate = creditTemplate;
        this.transactions = transactions;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
        Gauge.builder("faultline.credits.outbox.pending", outbox, CreditOutbox::pendingCount)
                .description("Credits booked in the ledger and not yet acknowledged by credits.v1")
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

    /** Publishes unpublished credits, batch after batch, until none is left. Returns how many were published. */
    @Scheduled(fixedDelayString = "${faultline.compensation.outbox.interval:200ms}")
    public int relayPending() {
        if (!passLock.tryLock()) {
            return 0;
        }
        try {
            int total = 0;
            int published;
            do {
                published = publishBatch();
                total += published;
            } while (published == batchSize);
            if (total > 0) {
                log.info("Published {} credits to {}", total, Topics.CREDITS.name());
            }
            return total;
        } catch (RuntimeException e) {
            log.warn("Outbox relay pass failed, retrying on the next tick: {}", e.toString());
            return 0;
        } finally {
            passLock.unlock();
        }
    }

    private int publishBatch() {
        Integer published = transactions.execute(status -> {
            List<CreditOutbox.Entry> entries = outbox.lockPending(batchSize);
            if (entries.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(entries.size());
            for (CreditOutbox.Entry entry : entries) {
                acks.add(creditTemplate.send(new ProducerRecord<>(Topics.CREDITS.name(),
                        entry.event().billingAccount(), entry.event())));
            }
            creditTemplate.flush();
            List<UUID> acknowledged = new ArrayList<>(entries.size());
            RuntimeException firstFailure = null;
            long deadline = System.nanoTime() + ackTimeout.toNanos();
            for (int i = 0; i < entries.size(); i++) {
                try {
                    acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    acknowledged.add(entries.get(i).creditId());
                } catch (ExecutionException | TimeoutException e) {
                    if (firstFailure == null) {
                        firstFailure = new IllegalStateException("credit " + entries.get(i).creditId()
                                + " not acknowledged: " + e, e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for acknowledgements", e);
                }
            }
            outbox.markPublished(acknowledged);
            if (firstFailure != null) {
                log.warn("{} of {} credits not acknowledged, they stay in the outbox: {}",
                        entries.size() - acknowledged.size(), entries.size(), firstFailure.getMessage());
                return -1;
            }
            return acknowledged.size();
        });
        return published == null || published < 0 ? 0 : published;
    }

    @Override
    public void destroy() throws InterruptedException {
        kicks.shutdown();
        if (!kicks.awaitTermination(10, TimeUnit.SECONDS)) {
            kicks.shutdownNow();
        }
    }
}
