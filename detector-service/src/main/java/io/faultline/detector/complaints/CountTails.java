package io.faultline.detector.complaints;

import java.util.function.LongToDoubleFunction;

/**
 * Numerics shared by the tail tests: the log-gamma function and sums of probability masses started in log space,
 * so that tails far below {@code 1e-300} of the first term neither underflow nor lose precision to a subtraction.
 */
final class CountTails {

    private static final double HALF_LN_TWO_PI = 0.5 * Math.log(2 * Math.PI);
    private static final double RELATIVE_PRECISION = 1e-17;
    private static final long MAX_TERMS = 10_000_000;

    private CountTails() {
    }

    /** {@code ln Γ(x)} for {@code x > 0}, with a relative error near the double precision. */
    static double lnGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lnGamma needs x > 0, got " + x);
        }
        double shift = 0;
        while (x < 10) {
            shift += Math.log(x);
            x += 1;
        }
        return (x - 0.5) * Math.log(x) - x + HALF_LN_TWO_PI + stirlingSeries(x) - shift;
    }

    /**
     * {@code ln Γ(a + k) - ln Γ(a)} for {@code a > 0}, {@code k >= 0}, without the cancellation of two huge
     * log-gammas when a is large (a negative binomial close to a Poisson).
     */
    static double lnGammaRatio(double a, long k) {
        if (a < 10) {
            return lnGamma(a + k) - lnGamma(a);
        }
        return (a - 0.5) * Math.log1p(k / a) + k * Math.log(a + k) - k + stirlingSeries(a + k) - stirlingSeries(a);
    }

    /** {@code ln Γ(x) - ((x - 1/2) ln x - x + ln √(2π))} for {@code x >= 10}. */
    private static double stirlingSeries(double x) {
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        return inverse * (1.0 / 12 + inverseSquared * (-1.0 / 360 + inverseSquared * (1.0 / 1260
                + inverseSquared * (-1.0 / 1680 + inverseSquared * (1.0 / 1188 + inverseSquared * (-691.0 / 360360
                + inverseSquared / 156))))));
    }

    /**
     * {@code ln Σ_{j>=k} pmf(j)}, from {@code ln pmf(k)} and the ratios {@code pmf(j+1)/pmf(j)}. The ratios must
     * be below 1 from k on; {@code limitRatio} bounds the ratios that follow any j from above when they increase
     * (0 when they only decrease), which bounds what is left of the sum when it stops.
     */
    static double lnSumUpward(double lnFirst, long k, LongToDoubleFunction ratioToNext, double limitRatio) {
        double sum = 1;
        double term = 1;
        for (long j = k, terms = 0; terms < MAX_TERMS; j++, terms++) {
            term *= ratioToNext.applyAsDouble(j);
            sum += term;
            double bound = Math.max(ratioToNext.applyAsDouble(j + 1), limitRatio);
            double rest = term * bound / (1 - bound);
            if (term == 0 || rest <= RELATIVE_PRECISION * sum) {
                break;
            }
            if (terms == MAX_TERMS - 1) {
                sum += rest;
            }
        }
        return lnFirst + Math.log(sum);
    }

    /** {@code ln Σ_{0<=j<=k} pmf(j)}, from {@code ln pmf(k)} and the ratios {@code pmf(j-1)/pmf(j)}. */
    static double lnSumDownward(double lnFirst, long k, LongToDoubleFunction ratioToPrevious) {
        double sum = 1;
        double term = 1;
        for (long j = k; j > 0; j--) {
            double ratio = ratioToPrevious.applyAsDouble(j);
            term *= ratio;
            sum += term;
            if (term == 0 || (ratio < 1 && term * ratio / (1 - ratio) <= RELATIVE_PRECISION * sum)) {
                break;
            }
        }
        return lnFirst + Math.log(sum);
    }
}
