package io.faultline.common.events;

import java.time.Instant;

/**
 * A held invoice may be sent: care has contacted the customer, and the invoice goes out as it was or with an
 * adjusted total.
 *
 * @param holdId          the hold this releases
 * @param invoiceId       released invoice
 * @param accountId       billing account
 * @param amountMinor     the total to send, in minor units: the held total, or less when adjusted
 * @param heldAmountMinor the total that was held
 * @param currency        ISO 4217
 * @param adjusted        whether {@code amountMinor} differs from the held total
 * @param releasedBy      the user who released it
 * @param reason          why, as recorded by that user
 * @param releasedAt      when it was released
 */
public record InvoiceReleased(String holdId, String invoiceId, String accountId, long amountMinor,
                              long heldAmountMinor, String currency, boolean adjusted, String releasedBy,
                              String reason, Instant releasedAt) implements InvoiceHoldEvent {

    public static final EventType TYPE = EventType.of("io.faultline.billing.invoice-released", 1);

    public InvoiceReleased {
        Require.text(holdId, "holdId");
        Require.text(invoiceId, "invoiceId");
        Require.text(accountId, "accountId");
        Require.nonNegative(amountMinor, "amountMinor");
        Require.nonNegative(heldAmountMinor, "heldAmountMinor");
        Require.text(currency, "currency");
        Require.text(releasedBy, "releasedBy");
        Require.text(reason, "reason");
        Require.present(releasedAt, "releasedAt");
    }

    @Override
    public String eventId() {
        return holdId + ":released";
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
        return releasedAt;
    }
}
