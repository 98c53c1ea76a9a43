package io.faultline.compensation.policy;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.CreditKind;

/**
 * What one policy grants one line for one outage.
 *
 * @param policyId      the policy
 * @param policyVersion its version
 * @param ruleId        the rule that applied
 * @param kind          money, allowance, free-usage window or top-up bonus
 * @param amountMinor   money credited, or the most a top-up bonus can be worth; 0 for allowances and windows
 * @param currency      the line's currency
 * @param perAccount    one credit for the billing account rather than for the line
 * @param grant         what the rule grants (the allowance, the window...)
 * @param worthMinor    what the award counts for when policies are stacked "best"
 * @param reasonCode    finance reason code
 * @param taxIncluded   whether the amount includes tax
 * @param trace         how the amount was computed, checkable by hand
 */
public record Award(String policyId, int policyVersion, String ruleId, CreditKind kind, long amountMinor,
                    String currency, boolean perAccount, Grant grant, long worthMinor, String reasonCode,
                    boolean taxIncluded, CalculationTrace trace) {

    /** {@code policyId@version}, as finance names a policy version. */
    public String policyKey() {
        return policyId + "@" + policyVersion;
    }
}
