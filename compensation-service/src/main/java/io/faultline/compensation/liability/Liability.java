package io.faultline.compensation.liability;

import io.faultline.common.events.CreditKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What compensating an outage costs, or would cost if it ended at {@code endedAt}: a preview computed with the same
 * policies, candidates and arithmetic as the grant, without booking anything.
 *
 * @param outageId             the outage
 * @param outageVersion        the version of the outage the preview is of
 * @param open                 whether the outage is still open, so that the preview is "if it ended now"
 * @param endedAt              the end the preview assumes: the outage's end, or the time of the preview
 * @param computedAt           when the preview was computed
 * @param took                 how long computing it took
 * @param linesEvaluated       candidate lines read (a line is read once per policy that applies)
 * @param credits              credits that would be booked (a grant paid per account counts once per account)
 * @param totalMinorByCurrency total per currency, in minor units; allowances and free-usage windows count 0
 * @param byBrand              credits and amount per brand x currency x kind
 * @param policies             credits and totals per policy version
 * @param examples             the first awards, with the calculation trace
 */
public record Liability(String outageId, long outageVersion, boolean open, Instant endedAt, Instant computedAt,
                        Duration took, long linesEvaluated, long credits, Map<String, Long> totalMinorByCurrency,
                        List<Breakdown> byBrand, List<PolicyLiability> policies, List<Example> examples) {

    public Liability {
        totalMinorByCurrency = Map.copyOf(totalMinorByCurrency);
        byBrand = List.copyOf(byBrand);
        policies = List.copyOf(policies);
        examples = List.copyOf(examples);
    }

    /** Credits and amount of one brand, currency and kind. */
    public record Breakdown(String brand, String currency, CreditKind kind, long credits, long amountMinor) {
    }

    /** What one policy version would pay. */
    public record PolicyLiability(String policy, long credits, Map<String, Long> totalMinorByCurrency) {

        public PolicyLiability {
            totalMinorByCurrency = Map.copyOf(totalMinorByCurrency);
        }
    }

    /** One award, as a finance analyst would check it. */
    public record Example(String subscriberId, String brand, String policy, String rule, CreditKind kind,
                          long amountMinor, String currency, String formula) {
    }
}
