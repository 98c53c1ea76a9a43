package io.faultline.compensation.billing;

import io.faultline.common.events.Invoice;
import io.faultline.common.events.InvoiceHoldEvent;
import io.faultline.common.topics.Topics;
import io.faultline.compensation.subscribers.SubscriberStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The bill-shock guard at work: checks each invoice of {@code billing.invoices.v1}, records it, and publishes the
 * holds and releases on {@code billing.invoice-holds.v1} (key: account id). A hold or release is recorded first and
 * published after, then marked published; one recorded but not published (the service stopped in between) is
 * published again at the next start or within {@code faultline.compensation.bill-shock.republish-interval}, with the
 * same deterministic event id, so that billing can drop a duplicate. A hold names the account's first lines
 * ({@code faultline.compensation.bill-shock.contact-lines}, lowest subscriber ids first), which the notifier tells
 * that the invoice is held.
 */
@Service
public class BillShockService {

    private static final Logger log = LoggerFactory.getLogger(BillShockService.class);

    /** What a release did. */
    public enum ReleaseOutcome { RELEASED, ALREADY_RELEASED, NOT_FOUND, NOT_HELD, CONFLICT, INVALID_AMOUNT }

    /** The outcome of a release and the invoice as it stands after it. */
    public record Release(ReleaseOutcome outcome, InvoiceBook.Entry invoice) {
    }

    private final BillShockGuard guard;
    private final BillShockProperties properties;
    private final InvoiceBook book;
    private final SubscriberStore subscribers;
    private final KafkaTemplate<String, InvoiceHoldEvent> holds;
    private final MeterRegistry meters;
    private final Clock clock;

    public BillShockService(BillShockGuard guard, BillShockProperties properties, InvoiceBook book,
                            SubscriberStore subscribers, KafkaTemplate<String, InvoiceHoldEvent> invoiceHoldTemplate,
                            MeterRegistry meters, Clock clock) {
        this.guard = guard;
        this.properties = properties;
        this.book = book;
        this.subscribers = subscribers;
        this.holds = invoiceHoldTemplate;
        this.meters = meters;
        this.clock = clock;
        Gauge.builder("faultline.invoices.held", book, InvoiceBook::heldCount)
                .description("Invoices held by the bill-shock guard and not yet released")
                .register(meters);
    }

    /** Checks an invoice once; a replayed invoice is not checked again, only its hold published if it is not. */
    public void check(Invoice invoice) {
        if (book.find(invoice.invoiceId()).isEmpty()) {
            List<Long> earlier = book.earlierTotals(invoice.accountId(), invoice.currency(), invoice.issuedAt(),
                    properties.historyInvoices());
            Optional<BillShockGuard.Hold> hold = guard.assess(invoice, earlier);
            book.record(invoice, hold, clock.instant());
            Counter.builder("faultline.invoices.checked")
                    .description("Invoices checked by the bill-shock guard")
                    .tag("outcome", hold.isPresent() ? "held" : "cleared")
                    .register(meters).increment();
            hold.ifPresent(h -> log.warn("Invoice {} of account {} held: {}", invoice.invoiceId(),
                    invoice.accountId(), h.reason()));
        }
        book.find(invoice.invoiceId()).ifPresent(this::publishPending);
    }

    /**
     * Releases a held invoice, as it was ({@code amountMinor} null) or adjusted to a lower total. Releasing again
     * with the same total answers the recorded release; another total is a conflict.
     */
    public Release release(String invoiceId, Long amountMinor, String user, String reason) {
        Optional<InvoiceBook.Entry> found = book.find(invoiceId);
        if (found.isEmpty()) {
            return new Release(ReleaseOutcome.NOT_FOUND, null);
        }
        InvoiceBook.Entry invoice = found.get();
        long total = amountMinor == null ? invoice.amountMinor() : amountMinor;
        if (invoice.status().equals("CLEARED")) {
            return new Release(ReleaseOutcome.NOT_HELD, invoice);
        }
        if (total < 0 || total > invoice.amountMinor()) {
            return new Release(ReleaseOutcome.INVALID_AMOUNT, invoice);
        }
        boolean released = book.release(invoiceId, total, user, reason, clock.instant());
        InvoiceBook.Entry now = book.find(invoiceId).orElseThrow();
        if (!released) {
            return new Release(now.releasedAmountMinor() == total ? ReleaseOutcome.ALREADY_RELEASED
                    : ReleaseOutcome.CONFLICT, now);
        }
        log.info("Invoice {} released by {} at {} (held {}): {}", invoiceId, user, total, invoice.amountMinor(),
                reason);
        publishPending(now);
        return new Release(ReleaseOutcome.RELEASED, book.find(invoiceId).orElseThrow());
    }

    /** Publishes the holds and releases recorded but not on the topic yet. */
    @Scheduled(fixedDelayString = "${faultline.compensation.bill-shock.republish-interval:30s}")
    public void republish() {
        try {
            book.unpublished().forEach(this::publishPending);
        } catch (RuntimeException e) {
            log.warn("Publishing invoice holds failed, retrying later: {}", e.toString());
        }
    }

    private void publishPending(InvoiceBook.Entry invoice) {
        if (!invoice.status().equals("CLEARED") && !invoice.holdPublished()) {
            // a hold released before it was ever published is not news to the customer: nobody to tell
            send(invoice.accountId(), invoice.held().withContactLines(invoice.status().equals("RELEASED")
                    ? List.of() : contactLines(invoice.accountId())));
            book.markPublished(invoice.invoiceId(), false);
        }
        if (invoice.status().equals("RELEASED") && !invoice.releasePublished()) {
            send(invoice.accountId(), invoice.released());
            book.markPublished(invoice.invoiceId(), true);
        }
    }

    /** The account's lines the notifier is to tell, as compensation knows them when the hold is published. */
    private List<String> contactLines(String accountId) {
        if (properties.contactLines() == 0) {
            return List.of();
        }
        List<String> lines = subscribers.linesOfAccount(accountId, properties.contactLines());
        if (lines.isEmpty()) {
            log.warn("No line of account {} is known: its held invoice is published without anyone to tell",
                    accountId);
            Counter.builder("faultline.invoices.held.uncontactable")
                    .description("Holds published with no line of the account to tell")
                    .register(meters).increment();
        }
        return lines;
    }

    private void send(String accountId, InvoiceHoldEvent event) {
        try {
            holds.send(new ProducerRecord<>(Topics.BILLING_INVOICE_HOLDS.name(), accountId, event))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + event.eventId() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + event.eventId(), e);
        }
    }
}
