package io.faultline.compensation.grant;

import io.faultline.compensation.policy.Money;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Above which liability a grant waits for a finance user's approval, per currency
 * ({@code faultline.compensation.approval.thresholds}, e.g. {@code GBP 250000}). With no threshold configured every
 * grant is automatic; once one is, a liability in a currency that has none waits for approval too, since nobody
 * said how much of it may be paid unseen.
 */
public record ApprovalThresholds(Map<String, Long> minorByCurrency) {

    public ApprovalThresholds {
        minorByCurrency = Map.copyOf(minorByCurrency);
    }

    /** Reads thresholds written {@code "CCY amount"}; a currency given twice is an error. */
    public static ApprovalThresholds parse(List<String> thresholds) {
        Map<String, Long> byCurrency = new TreeMap<>();
        for (String text : thresholds) {
            if (text == null || text.isBlank()) {
                continue;
            }
            Money money = Money.parse(text);
            if (byCurrency.put(money.currency(), money.minor()) != null) {
                throw new IllegalArgumentException("faultline.compensation.approval.thresholds names "
                        + money.currency() + " twice");
            }
        }
        return new ApprovalThresholds(byCurrency);
    }

    /** Whether any threshold is configured, so that grants need a preview first. */
    public boolean configured() {
        return !minorByCurrency.isEmpty();
    }

    /** Why a liability needs approval, or empty when it may be granted at once. */
    public Optional<String> exceededBy(Map<String, Long> totalMinorByCurrency) {
        if (!configured()) {
            return Optional.empty();
        }
        for (Map.Entry<String, Long> total : new TreeMap<>(totalMinorByCurrency).entrySet()) {
            Long threshold = minorByCurrency.get(total.getKey());
            if (threshold == null && total.getValue() > 0) {
                return Optional.of(Money.format(total.getValue(), total.getKey())
                        + " in a currency without an approval threshold");
            }
            if (threshold != null && total.getValue() > threshold) {
                return Optional.of(Money.format(total.getValue(), total.getKey()) + " is above the approval threshold "
                        + Money.format(threshold, total.getKey()));
            }
        }
        return Optional.empty();
    }
}
