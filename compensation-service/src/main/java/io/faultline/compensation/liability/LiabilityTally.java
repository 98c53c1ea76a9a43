package io.faultline.compensation.liability;

import io.faultline.common.events.Subscriber;
import io.faultline.compensation.policy.Award;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds up what the awards of one outage would cost, as they are computed line by line: credits and amount per
 * currency, per brand x currency x kind and per policy, and the first few awards as examples a finance analyst can
 * check by hand. Holds no per-line state except the billing accounts of grants paid per account, so that an
 * account is counted once, as the ledger books it once.
 */
public final class LiabilityTally {

    /** How many awards are kept as examples. */
    public static final int EXAMPLES = 5;

    private final Map<String, Long> totalMinorByCurrency = new TreeMap<>();
    private final Map<String, Liability.Breakdown> breakdown = new TreeMap<>();
    private final Map<String, Liability.PolicyLiability> byPolicy = new TreeMap<>();
    private final List<Liability.Example> examples = new ArrayList<>();
    private final Set<String> accountsPaid = new HashSet<>();
    private long credits;
    private long linesEvaluated;

    /** Counts a line that was evaluated, whether it was awarded something or not. */
    public void evaluated(long lines) {
        linesEvaluated += lines;
    }

    /** Adds an award to a line. */
    public void add(Subscriber line, Award award) {
        if (award.perAccount() && !accountsPaid.add(award.policyKey() + "|" + line.billingAccount())) {
            return;
        }
        count(line, award, 1);
    }

    /**
     * Adds the same award to {@code lines} lines alike, {@code example} among them.
     *
     * @throws IllegalArgumentException for an award paid per account, which lines alike do not tell apart
     */
    public void add(Subscriber example, Award award, long lines) {
        if (award.perAccount()) {
            throw new IllegalArgumentException("an award per account (" + award.policyKey() + ") is counted line by"
                    + " line, once per account");
        }
        if (lines > 0) {
            count(example, award, lines);
        }
    }

    private void count(Subscriber line, Award award, long lines) {
        long amount = Math.multiplyExact(award.amountMinor(), lines);
        credits += lines;
        totalMinorByCurrency.merge(award.currency(), amount, Long::sum);
        String key = line.brand() + "|" + award.currency() + "|" + award.kind();
        breakdown.merge(key, new Liability.Breakdown(line.brand(), award.currency(), award.kind(), lines, amount),
                LiabilityTally::sum);
        byPolicy.merge(award.policyKey(), new Liability.PolicyLiability(award.policyKey(), lines,
                Map.of(award.currency(), amount)), LiabilityTally::sum);
        if (examples.size() < EXAMPLES) {
            examples.add(new Liability.Example(line.subscriberId(), line.brand(), award.policyKey(), award.ruleId(),
                    award.kind(), award.amountMinor(), award.currency(), award.trace().formula()));
        }
    }

    /** Credits counted so far. */
    public long credits() {
        return credits;
    }

    /** Lines evaluated so far. */
    public long linesEvaluated() {
        return linesEvaluated;
    }

    /** Totals per currency so far. */
    public Map<String, Long> totalMinorByCurrency() {
        return Map.copyOf(totalMinorByCurrency);
    }

    /** The breakdown per brand x currency x kind so far. */
    public List<Liability.Breakdown> breakdown() {
        return List.copyOf(breakdown.values());
    }

    /** What each policy would pay so far. */
    public List<Liability.PolicyLiability> policies() {
        return List.copyOf(byPolicy.values());
    }

    /** The first awards counted. */
    public List<Liability.Example> examples() {
        return List.copyOf(examples);
    }

    private static Liability.Breakdown sum(Liability.Breakdown a, Liability.Breakdown b) {
        return new Liability.Breakdown(a.brand(), a.currency(), a.kind(), a.credits() + b.credits(),
                a.amountMinor() + b.amountMinor());
    }

    private static Liability.PolicyLiability sum(Liability.PolicyLiability a, Liability.PolicyLiability b) {
        Map<String, Long> totals = new TreeMap<>(a.totalMinorByCurrency());
        b.totalMinorByCurrency().forEach((currency, amount) -> totals.merge(currency, amount, Long::sum));
        return new Liability.PolicyLiability(a.policy(), a.credits() + b.credits(), totals);
    }
}
