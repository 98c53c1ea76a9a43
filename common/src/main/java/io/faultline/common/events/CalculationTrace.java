package io.faultline.common.events;

import java.util.List;

/**
 * How a credit amount was computed, so that a finance analyst can check it by hand.
 *
 * @param baseComponents  charge components the credit is computed from, e.g. [airtime]
 * @param baseMinor       their monthly total in minor units
 * @param days            days credited
 * @param daysInPeriod    divisor given by the day-count convention
 * @param dayCount        the convention, e.g. ACTUAL, THIRTY, THIRTY_ONE
 * @param unroundedMinor  exact amount before rounding, as a decimal string
 * @param rounding        rounding mode applied to reach minor units
 * @param formula         the formula in words, e.g. "airtime 1300 x 2 / 30"
 */
public record CalculationTrace(List<String> baseComponents, long baseMinor, int days, int daysInPeriod,
                               String dayCount, String unroundedMinor, String rounding, String formula) {

    public CalculationTrace {
        baseComponents = Require.list(baseComponents);
        Require.text(formula, "formula");
    }
}
