package io.faultline.compensation.billing;

import io.faultline.common.events.Invoice;
import io.faultline.compensation.policy.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether an invoice is a bill shock to hold before it is sent. Two rules, the first that holds wins:
 * <ol>
 *   <li>its total is above its segment's threshold (Orange business customers, November 2012: EUR 200 for
 *       business mobile data);</li>
 *   <li>its total is more than {@code multiple} times the median of the account's last invoices in the same
 *       currency (at least {@code minimumHistory} of them), and above that median by at least the currency's
 *       minimum increase, so that a bill of 3 cents after three of 1 cent is not a shock.</li>
 * </ol>
 *
 * @param segmentThresholds thresholds per segment
 * @param minimumHistory    fewest earlier invoices for the second rule
 * @param multiple          how many times the median is a shock
 * @param minimumIncrease   per currency, the least increase over the median that is a shock (none: any)
 */
public record BillShockGuard(Map<String, Money> segmentThresholds, int minimumHistory, BigDecimal multiple,
                             Map<String, Long> minimumIncrease) {

    /** Why an invoice is held, in words a care agent understands, and the threshold it crossed. */
    public record Hold(String reason, long thresholdMinor) {
    }

    public BillShockGuard {
        segmentThresholds = Map.copyOf(segmentThresholds);
        minimumIncrease = Map.copyOf(minimumIncrease);
        Objects.requireNonNull(multiple, "multiple");
        if (minimumHistory < 1) {
            throw new IllegalArgumentException("the history rule needs at least 1 earlier invoice, was "
                    + minimumHistory);
        }
        if (multiple.compareTo(BigDecimal.ONE) <= 0) {
            throw new IllegalArgumentException("a bill shock is more than 1 times the usual bill, was " + multiple);
        }
    }

    /**
     * Whether to hold an invoice.
     *
     * @param invoice the invoice about to be sent
     * @param earlier totals of the account's earlier invoices in the invoice's currency, newest first
     */
    public Optional<Hold> assess(Invoice invoice, List<Long> earlier) {
        Money threshold = segmentThresholds.get(invoice.segment());
        if (threshold != null && threshold.currency().equals(invoice.currency())
                && invoice.amountMinor() > threshold.minor()) {
            return Optional.of(new Hold("Invoice total " + Money.format(invoice.amountMinor(), invoice.currency())
                    + " exceeds the " + threshold + " bill-shock threshold of segment " + invoice.segment()
                    + ": contact the customer before sending", threshold.minor()));
        }
        if (earlier.size() < minimumHistory) {
            return Optional.empty();
        }
        long median = median(earlier);
        long limit = BigDecimal.valueOf(median).multiply(multiple).setScale(0, RoundingMode.CEILING).longValueExact();
        long increase = invoice.amountMinor() - median;
        if (invoice.amountMinor() > limit && increase >= minimumIncrease.getOrDefault(invoice.currency(), 1L)) {
            return Optional.of(new Hold("Invoice total " + Money.format(invoice.amountMinor(), invoice.currency())
                    + " is more than " + multiple.stripTrailingZeros().toPlainString() + " times the median "
                    + Money.format(median, invoice.currency()) + " of the account's last " + earlier.size()
                    + " invoices: contact the customer before sending", limit));
        }
        return Optional.empty();
    }

    private static long median(List<Long> amounts) {
        List<Long> sorted = amounts.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : Math.floorDiv(sorted.get(middle - 1) + sorted.get(middle), 2);
    }
}
