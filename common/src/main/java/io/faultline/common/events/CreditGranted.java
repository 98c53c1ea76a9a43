package io.faultline.common.events;

import java.time.Instant;

/**
 * A compensation credit was granted and booked in the ledger.
 *
 * @param creditId       deterministic: derived from outage, policy id@version and subscriber
 * @param outageId       outage compensated
 * @param policyId       policy that granted it
 * @param policyVersion  version of that policy
 * @param subscriberId   line compensated
 * @param billingAccount account to book it to (the Kafka key)
 * @param kind           monetary credit, allowance, free usage window or top-up bonus
 * @param amountMinor    amount in minor units of {@link #currency()} (monetary kinds)
 * @param currency       ISO 4217
 * @param taxIncluded    whether the amount includes tax
 * @param reasonCode     finance reason code, e.g. OUTAGE_GOODWILL
 * @param trace          calculation trace
 * @param grantedAt      when it was written to the ledger
 */
public record CreditGranted(String creditId, String outageId, String policyId, int policyVersion, String subscriberId,
                            String billingAccount, CreditKind kind, long amountMinor, String currency,
                            boolean taxIncluded, String reasonCode, CalculationTrace trace, Instant grantedAt)
        implements CreditEvent {

    public static final EventType TYPE = EventType.of("io.faultline.credit.granted", 1);

    public CreditGranted {
        Require.text(creditId, "creditId");
        Require.text(outageId, "outageId");
        Require.text(policyId, "policyId");
        Require.text(subscriberId, "subscriberId");
        Require.text(billingAccount, "billingAccount");
        Require.present(kind, "kind");
        Require.nonNegative(amountMinor, "amountMinor");
        Require.text(currency, "currency");
        Require.text(reasonCode, "reasonCode");
        Require.present(trace, "trace");
        Require.present(grantedAt, "grantedAt");
    }

    @Override
    public String eventId() {
        return creditId;
    }

    @Override
    public EventType eventType() {
        return TYPE;
    }

    @Override
    public String subject() {
        return subscriberId;
    }

    @Override
    public Instant occurredAt() {
        return grantedAt;
    }
}
