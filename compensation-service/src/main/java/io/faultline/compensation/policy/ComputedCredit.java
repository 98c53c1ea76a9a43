package io.faultline.compensation.policy;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.CreditKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A credit a policy computed for one subscriber and one outage, before it is booked in the ledger.
 *
 * @param creditId       deterministic id, see {@link ProRataChargePolicy#creditId}
 * @param outageId       outage compensated
 * @param policyId       policy that computed it
 * @param policyVersion  version of that policy
 * @param subscriberId   line compensated
 * @param billingAccount account to book it to
 * @param kind           what the credit gives
 * @param amountMinor    amount in minor units of {@code currency}
 * @param currency       ISO 4217 code
 * @param taxIncluded    whether the amount includes tax
 * @param reasonCode     finance reason code
 * @param trace          how the amount was computed
 */
public record ComputedCredit(UUID creditId, String outageId, String policyId, int policyVersion, String subscriberId,
                             String billingAccount, CreditKind kind, long amountMinor, String currency,
                             boolean taxIncluded, String reasonCode, CalculationTrace trace) {

    public ComputedCredit {
        Objects.requireNonNull(creditId, "creditId");
        Objects.requireNonNull(outageId, "outageId");
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(subscriberId, "subscriberId");
        Objects.requireNonNull(billingAccount, "billingAccount");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(trace, "trace");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amountMinor must not be negative, was " + amountMinor);
        }
    }

    /** The event that tells finance about this credit once it is booked at {@code grantedAt}. */
    public CreditGranted granted(Instant grantedAt) {
        return new CreditGranted(creditId.toString(), outageId, policyId, policyVersion, subscriberId, billingAccount,
                kind, amountMinor, currency, taxIncluded, reasonCode, trace, grantedAt);
    }
}
