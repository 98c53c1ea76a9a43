package io.faultline.common.events;

import java.time.Instant;

/**
 * An invoice is held before sending (bill-shock guard) until care has contacted the customer.
 *
 * @param holdId         deterministic, from the invoice id
 * @param invoiceId      held invoice
 * @param accountId      billing account
 * @param reason         why, in words a care agent understands
 * @param amountMinor    invoice total
 * @param thresholdMinor threshold it crossed
 * @param currency       ISO 4217
 * @param heldAt         when it was held
 */
public record InvoiceHeld(String holdId, String invoiceId, String accountId, String reason, long amountMinor,
                          long thresholdMinor, String currency, Instant heldAt) implements InvoiceHoldEvent {

    public static final EventType TYPE = EventType.of("io.faultline.billing.invoice-held", 1);

    public InvoiceHeld {
        Require.text(holdId, "holdId");
        Require.text(invoiceId, "invoiceId");
        Require.text(accountId, "accountId");
        Require.text(reason, "reason");
        Require.text(currency, "currency");
        Require.present(heldAt, "heldAt");
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
