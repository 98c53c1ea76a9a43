package io.faultline.common.events;

import java.time.Instant;
import java.util.List;

/**
 * An invoice is held before sending (bill-shock guard) until care has contacted the customer. The notifier tells
 * the account's {@code contactLines} that it is held.
 *
 * @param holdId         deterministic, from the invoice id
 * @param invoiceId      held invoice
 * @param accountId      billing account
 * @param reason         why, in words a care agent understands
 * @param amountMinor    invoice total
 * @param thresholdMinor threshold it crossed
 * @param currency       ISO 4217
 * @param heldAt         when it was held
 * @param contactLines   the account's lines (subscriber ids) the notifier tells that the invoice is held, each of
 *                       them, at most {@link #MAX_CONTACT_LINES}; empty when nobody is to be told
 */
public record InvoiceHeld(String holdId, String invoiceId, String accountId, String reason, long amountMinor,
                          long thresholdMinor, String currency, Instant heldAt, List<String> contactLines)
        implements InvoiceHoldEvent {

    public static final EventType TYPE = EventType.of("io.faultline.billing.invoice-held", 1);
    /** The most lines a hold may name. */
    public static final int MAX_CONTACT_LINES = 100;

    public InvoiceHeld {
        Require.text(holdId, "holdId");
        Require.text(invoiceId, "invoiceId");
        Require.text(accountId, "accountId");
        Require.text(reason, "reason");
        Require.text(currency, "currency");
        Require.present(heldAt, "heldAt");
        contactLines = Require.list(contactLines);
        if (contactLines.size() > MAX_CONTACT_LINES) {
            throw new IllegalArgumentException("contactLines names " + contactLines.size() + " lines, at most "
                    + MAX_CONTACT_LINES);
        }
        contactLines.forEach(line -> Require.text(line, "contactLines[]"));
    }

    /** A hold that names no line to contact. */
    public InvoiceHeld(String holdId, String invoiceId, String accountId, String reason, long amountMinor,
                       long thresholdMinor, String currency, Instant heldAt) {
        this(holdId, invoiceId, accountId, reason, amountMinor, thresholdMinor, currency, heldAt, List.of());
    }

    /** The same hold, naming the lines to contact. */
    public InvoiceHeld withContactLines(List<String> lines) {
        return new InvoiceHeld(holdId, invoiceId, accountId, reason, amountMinor, thresholdMinor, currency, heldAt,
                lines);
    }

    @Override
    public String eventId() {
        return holdId;
    }

    @Override
    public EventType eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return accountId;
    }

    @Override
    public Instant occurredAt() {
        return heldAt;
    }
}
