package io.faultline.compensation.policy;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.CreditKind;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Subscriber;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One version of a compensation policy, as loaded from its file (see docs/compensation-policies.md): which
 * outages it compensates, from which date, and for each kind of line what it grants. Pure: the same outage, line
 * and history always give the same assessment.
 *
 * @param id             stable name, e.g. {@code o2-2018-12}
 * @param version        version of the policy; a changed policy is a new version, never an edit
 * @param title          what it is, for people
 * @param source         the file it was loaded from
 * @param effectiveFrom  first day (in {@code zone}) of outages it compensates
 * @param effectiveUntil last day of outages it compensates, or null for open-ended
 * @param zone           the zone of its dates and of the day count
 * @param reasonCode     finance reason code of its credits
 * @param taxIncluded    whether its amounts include tax
 * @param outage         which outages it compensates
 * @param lines          which lines it compensates at all (each rule narrows further)
 * @param rules          what it grants, first matching rule wins; none for a policy that states an outage pays
 *                       nothing
 * @param adjustments    cap, rounding and minimum of its money
 */
public record CompensationPolicy(String id, int version, String title, String source, LocalDate effectiveFrom,
                                 LocalDate effectiveUntil, ZoneId zone, String reasonCode, boolean taxIncluded,
                                 OutageCriteria outage, LineCriteria lines, List<Rule> rules,
                                 Adjustments adjustments) {

    private static final int TRACE_DECIMALS = 6;
    private static final BigDecimal SECONDS_PER_DAY = BigDecimal.valueOf(86_400);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public CompensationPolicy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(zone, "zone");
        rules = List.copyOf(rules);
    }

    /** {@code id@version}, as finance names a policy version. */
    public String key() {
        return id + "@" + version;
    }

    /**
     * Whether a rule pays per billing account: such a credit goes to one line of each account, so the lines of an
     * account are not independent of each other.
     */
    public boolean paysPerAccount() {
        return rules.stream().anyMatch(rule -> rule.grant() instanceof Grant.Flat flat
                && flat.per() == Grant.Per.ACCOUNT);
    }

    /** The coarse filter of the lines this policy can compensate for the outage, for a store to apply first. */
    public EligibilityCriteria criteria(OutageFacts facts) {
        Set<PlanType> planTypes = lines.planTypes().isEmpty() ? EnumSet.allOf(PlanType.class) : lines.planTypes();
        return new EligibilityCriteria(facts.scope().regions(), facts.scope().elements(), facts.scope().services(),
                planTypes, lines.brands());
    }

    /** Why the policy does not compensate the outage at all, or null when it does. */
    public String outageMismatch(OutageFacts facts) {
        LocalDate started = facts.startedAt().atZone(zone).toLocalDate();
        if (started.isBefore(effectiveFrom) || effectiveUntil != null && started.isAfter(effectiveUntil)) {
            return "the outage started on " + started + ", outside the policy's dates (" + effectiveFrom + " to "
                    + (effectiveUntil == null ? "open" : effectiveUntil) + ")";
        }
        return outage.mismatch(facts);
    }

    /** What the policy grants the line for the outage, or why nothing. */
    public Assessment assess(OutageFacts facts, Subscriber line, LineHistory history) {
        String outageMismatch = outageMismatch(facts);
        if (outageMismatch != null) {
            return Assessment.none(outageMismatch);
        }
        if (!affected(facts.scope(), line)) {
            return Assessment.none("the line was not affected: not in the outage's regions or elements, or no "
                    + "affected service in its plan");
        }
        String lineMismatch = lines.mismatch(line);
        if (lineMismatch != null) {
            return Assessment.none(lineMismatch);
        }
        if (rules.isEmpty()) {
            return Assessment.none("the policy grants nothing: " + title);
        }
        List<String> misses = new ArrayList<>();
        for (Rule rule : rules) {
            String mismatch = rule.when().mismatch(line);
            if (mismatch == null) {
                return apply(rule, facts, line, history);
            }
            misses.add(rule.id() + ": " + mismatch);
        }
        return Assessment.none("no rule is for this line (" + String.join("; ", misses) + ")");
    }

    /** Whether the line is in the outage's scope: located in it and using an affected service. */
    static boolean affected(OutageScope scope, Subscriber line) {
        boolean located = scope.regions().contains(line.homeRegion())
                || !Collections.disjoint(line.platforms(), scope.elements());
        return located && !Collections.disjoint(line.plan().services(), scope.services());
    }

    private Assessment apply(Rule rule, OutageFacts facts, Subscriber line, LineHistory history) {
        String currency = line.plan().currency();
        return switch (rule.grant()) {
            case Grant.ProRata proRata -> proRata(rule, proRata, facts, line);
            case Grant.DurationSteps steps -> durationSteps(rule, steps, facts, line);
            case Grant.Flat flat -> {
                Long amount = flat.amounts().get(currency);
                yield amount == null ? Assessment.none(rule.id() + ": no amount in " + currency)
                        : money(rule, line, BigDecimal.valueOf(amount), List.of(), 0, 0, 0, null,
                        "flat " + Money.format(amount, currency) + " per " + flat.per().name().toLowerCase());
            }
            case Grant.TopUpBonus bonus -> topUpBonus(rule, bonus, line, history);
            case Grant.Allowance allowance -> nonMonetary(rule, line, "allowance " + allowance.quantity()
                    .toPlainString() + " " + allowance.unit() + " valid " + allowance.validity());
            case Grant.FreeUsage window -> nonMonetary(rule, line, "free " + window.services().stream()
                    .map(Enum::name).sorted().toList() + " from " + window.from() + " until " + window.until()
                    + " (" + zone + ")");
        };
    }

    private Assessment proRata(Rule rule, Grant.ProRata grant, OutageFacts facts, Subscriber line) {
        List<ChargeComponent> base = new ArrayList<>();
        for (String name : grant.components()) {
            line.plan().charge(name).ifPresent(base::add);
        }
        if (base.isEmpty()) {
            return Assessment.none(rule.id() + ": the plan has none of the charges " + grant.components());
        }
        long baseMinor = base.stream().mapToLong(ChargeComponent::monthlyMinor).sum();
        int daysInPeriod = grant.dayCount().daysInPeriod(facts.startedAt().atZone(zone).toLocalDate());
        BigDecimal days = grant.days() != null ? BigDecimal.valueOf(grant.days())
                : outageDays(facts.duration(), grant.partialDay());
        BigDecimal raw = BigDecimal.valueOf(baseMinor).multiply(days)
                .divide(BigDecimal.valueOf(daysInPeriod), TRACE_DECIMALS + 4, RoundingMode.HALF_EVEN);
        List<String> parts = base.stream().map(c -> c.name() + " " + c.monthlyMinor()).toList();
        String baseText = parts.size() == 1 ? parts.getFirst() : "(" + String.join(" + ", parts) + ")";
        String daysText = grant.days() != null ? days.toPlainString()
                : days.stripTrailingZeros().toPlainString() + " (outage of " + facts.duration() + ", partial day "
                + grant.partialDay().name().toLowerCase() + ")";
        return money(rule, line, raw, base.stream().map(ChargeComponent::name).toList(), baseMinor,
                days.setScale(0, RoundingMode.FLOOR).intValue(), daysInPeriod, grant.dayCount(), baseText + " x " + daysText + " / " + daysInPeriod + " (" + grant.dayCount() + ")");
    }

    private static BigDecimal outageDays(Duration duration, Grant.PartialDay partialDay) {
        BigDecimal exact = BigDecimal.valueOf(duration.toSeconds()).divide(SECONDS_PER_DAY, TRACE_DECIMALS,
                RoundingMode.HALF_EVEN);
        return switch (partialDay) {
            case UP -> exact.setScale(0, RoundingMode.CEILING);
            case DOWN -> exact.setScale(0, RoundingMode.FLOOR);
            case EXACT -> exact;
        };
    }

    private Assessment durationSteps(Rule rule, Grant.DurationSteps grant, OutageFacts facts, Subscriber line) {
        String currency = line.plan().currency();
        Grant.Step reached = null;
        for (Grant.Step step : grant.steps()) {
            if (facts.duration().compareTo(step.atLeast()) >= 0) {
                reached = step;
            }
        }
        if (reached == null) {
            return Assessment.none(rule.id() + ": the outage (" + facts.duration() + ") reached no step");
        }
        Long amount = reached.amounts().get(currency);
        if (amount == null) {
            return Assessment.none(rule.id() + ": no amount in " + currency);
        }
        return money(rule, line, BigDecimal.valueOf(amount), List.of(), 0, 0, 0, null, "step of at least "
                + reached.atLeast() + " (outage of " + facts.duration() + "): " + Money.format(amount, currency));
    }

    private Assessment topUpBonus(Rule rule, Grant.TopUpBonus grant, Subscriber line, LineHistory history) {
        String currency = line.plan().currency();
        Long counted = grant.capAmounts().get(currency);
        if (grant.capToLargestTopUp()) {
            if (history.largestTopUpMinor() == null) {
                return Assessment.none(rule.id() + ": no top-up on record to cap the bonus");
            }
            counted = counted == null ? history.largestTopUpMinor() : Math.min(counted, history.largestTopUpMinor());
        }
        if (counted == null) {
            return Assessment.none(rule.id() + ": no cap in " + currency + " for the bonus");
        }
        BigDecimal most = BigDecimal.valueOf(counted).multiply(grant.percent()).divide(HUNDRED, TRACE_DECIMALS + 4,
                RoundingMode.HALF_EVEN);
        return money(rule, line, most, List.of(), counted, 0, 0, null, grant.percent().stripTrailingZeros()
                .toPlainString() + "% of the next top-up, counted up to " + Money.format(counted, currency)
                + (grant.capToLargestTopUp() ? " (largest top-up)" : "") + ": at most");
    }

    private Assessment money(Rule rule, Subscriber line, BigDecimal raw, List<String> components, long baseMinor,
                             int days, int daysInPeriod, DayCountConvention dayCount, String formula) {
        String currency = line.plan().currency();
        StringBuilder text = new StringBuilder(formula).append(" = ").append(plain(raw));
        BigDecimal capped = raw;
        if (rule.grant().kind() == CreditKind.MONETARY) {
            if (adjustments.capToMonthlyCharge()) {
                long monthly = line.plan().charges().stream().mapToLong(ChargeComponent::monthlyMinor).sum();
                if (capped.compareTo(BigDecimal.valueOf(monthly)) > 0) {
                    capped = BigDecimal.valueOf(monthly);
                    text.append(", capped at the monthly charge ").append(monthly);
                }
            }
            Long cap = adjustments.capAmounts().get(currency);
            if (cap != null && capped.compareTo(BigDecimal.valueOf(cap)) > 0) {
                capped = BigDecimal.valueOf(cap);
                text.append(", capped at ").append(cap);
            }
        }
        long amount = adjustments.round(capped, currency);
        text.append(" -> ").append(amount).append(" (").append(adjustments.rounding());
        long increment = adjustments.increments().getOrDefault(currency, 1L);
        text.append(increment == 1 ? "" : " to " + increment).append(")");
        Long minimum = rule.grant().kind() == CreditKind.MONETARY ? adjustments.minimumAmounts().get(currency) : null;
        if (minimum != null && amount < minimum) {
            if (!adjustments.raiseToMinimum()) {
                return Assessment.none(rule.id() + ": " + Money.format(amount, currency) + " is under the minimum "
                        + "payout of " + Money.format(minimum, currency));
            }
            amount = minimum;
            text.append(", raised to the minimum ").append(minimum);
        }
        if (amount == 0) {
            return Assessment.none(rule.id() + ": the credit rounds to nothing (" + text + ")");
        }
        text.append(" ").append(currency).append(" minor units");
        CalculationTrace trace = new CalculationTrace(components, baseMinor, days, daysInPeriod,
                dayCount == null ? "" : dayCount.name(), plain(raw), adjustments.rounding().name(), text.toString());
        boolean perAccount = rule.grant() instanceof Grant.Flat flat && flat.per() == Grant.Per.ACCOUNT;
        return Assessment.granted(new Award(id, version, rule.id(), rule.grant().kind(), amount, currency, perAccount,
                rule.grant(), amount, reasonCode, taxIncluded, trace));
    }

    private Assessment nonMonetary(Rule rule, Subscriber line, String formula) {
        String currency = line.plan().currency();
        long worth = rule.worth().getOrDefault(currency, 0L);
        CalculationTrace trace = new CalculationTrace(List.of(), 0, 0, 0, "", "0", adjustments.rounding().name(),
                formula + (worth == 0 ? "" : ", worth " + Money.format(worth, currency) + " when stacked"));
        return Assessment.granted(new Award(id, version, rule.id(), rule.grant().kind(), 0, currency, false,
                rule.grant(), worth, reasonCode, taxIncluded, trace));
    }

    private static String plain(BigDecimal value) {
        BigDecimal shown = value.setScale(TRACE_DECIMALS, RoundingMode.DOWN);
        boolean exact = shown.compareTo(value) == 0;
        return exact ? shown.stripTrailingZeros().toPlainString() : shown.toPlainString() + "...";
    }
}
