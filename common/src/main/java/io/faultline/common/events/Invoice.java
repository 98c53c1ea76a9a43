package io.faultline.common.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An invoice billing is about to send (topic {@code billing.invoices.v1}, key: account id).
 *
 * @param invoiceId   billing's id
 * @param accountId   billing account
 * @param segment     customer segment, e.g. business-mobile-data
 * @param amountMinor total in minor units
 * @param currency    ISO 4217
 * @param periodStart first day billed
 * @param periodEnd   last day billed
 * @param issuedAt    when billing produced it
 */
public record Invoice(String invoiceId, String accountId, String segment, long amountMinor, String currency,
                      LocalDate periodStart, LocalDate periodEnd, Instant issuedAt) implements FaultlineEvent {

    public static final EventType TYPE = EventType.of("io.faultline.billing.invoice", 1);

    public Invoice {
        Require.text(invoiceId, "invoiceId");
        Require.text(accountId, "accountId");
        Require.text(segment, "segment");
        Require.nonNegative(amountMinor, "amountMinor");
        Require.text(currency, "currency");
        Require.present(periodStart, "periodStart");
        Require.present(periodEnd, "periodEnd");
        Require.present(issuedAt, "issuedAt");
    }

    @Override
    public String eventId() {
        return "invoice:" + invoiceId;
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
        return issuedAt;
    }
}
