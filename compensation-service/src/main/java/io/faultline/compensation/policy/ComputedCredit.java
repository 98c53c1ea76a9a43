package io.faultline.compensation.policy;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.CreditKind;
import io.faultline.common.events.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A credit a policy computed for one subscriber and one outage, before it is booked in the ledger.
 *
 * @param creditId       deterministic id, see {@link #idOf}
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

    /**
     * The deterministic id of the credit of one subscriber (or one billing account, for a grant per account) for
     * one outage under one policy version: a name-based (version 3) UUID of
     * {@code "outageId|policyId@version|subject"}. A replay computes the same id.
     */
    public static UUID idOf(String outageId, String policyId, int policyVersion, String subject) {
        String name = outageId + "|" + policyId + "@" + policyVersion + "|" + subject;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The credit of an award to a line. A grant per account is one credit for the billing account: its id is the
     * account's, so the ledger keeps the first line's and ignores the others.
     */
    public static ComputedCredit of(String outageId, Subscriber line, Award award) {
        String subject = award.perAccount() ? "account:" + line.billingAccount() : line.subscriberId();
        return new ComputedCredit(idOf(outageId, award.policyId(), award.policyVersion(), subject), outageId,
                award.policyId(), award.policyVersion(), line.subscriberId(), line.billingAccount(), award.kind(),
                award.amountMinor(), award.currency(), award.taxIncluded(), award.reasonCode(), award.trace());
    }

    /** The event that tells finance about this credit once it is booked at {@code grantedAt}. */
    public CreditGranted granted(Instant grantedAt) {
        return new CreditGranted(creditId.toString(), outageId, policyId, policyVersion, subscriberId, billingAccount,
                kind, amountMinor, currency, taxIncluded, reasonCode, trace, grantedAt);
    }
}
