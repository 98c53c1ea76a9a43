package io.faultline.compensation.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * What happens to a policy's money after a rule computed it, in this order: the cap, the rounding to the
 * currency's minor unit (or a coarser increment), the minimum payout.
 *
 * @param capToMonthlyCharge at most the plan's whole monthly charge (every component)
 * @param capAmounts         at most this much, per currency (minor units); empty for none
 * @param rounding           how an amount is rounded to a whole number of minor units
 * @param increments         round to a multiple of this many minor units, per currency (e.g. CHF 5 = 0.05)
 * @param minimumAmounts     the least a credit pays, per currency (minor units); empty for none
 * @param raiseToMinimum     true: raise a smaller credit to the minimum; false: drop it
 */
public record Adjustments(boolean capToMonthlyCharge, Map<String, Long> capAmounts, RoundingMode rounding,
                          Map<String, Long> increments, Map<String, Long> minimumAmounts, boolean raiseToMinimum) {

    public static final Adjustments NONE = new Adjustments(false, Map.of(), RoundingMode.HALF_UP, Map.of(), Map.of(),
            false);

    public Adjustments {
        capAmounts = Map.copyOf(capAmounts);
        increments = Map.copyOf(increments);
        minimumAmounts = Map.copyOf(minimumAmounts);
        Objects.requireNonNull(rounding, "rounding");
        if (rounding == RoundingMode.UNNECESSARY) {
            throw new IllegalArgumentException("rounding UNNECESSARY cannot round a computed amount");
        }
    }

    /** The amount rounded to a whole number of minor units, or of the currency's increment. */
    long round(BigDecimal minor, String currency) {
        long increment = increments.getOrDefault(currency, 1L);
        return minor.divide(BigDecimal.valueOf(increment), 0, rounding).longValueExact() * increment;
    }
}
