package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The negative binomial tail test against tails computed other ways: for a whole size r the masses are the
 * rationals {@code C(j+r-1, j) p^r (1-p)^j}, summed exactly below k and complemented in 100-digit decimals;
 * for any size, a forward recurrence from {@code P(X=0) = p^r} in doubles where the tail is not too small.
 */
class NegativeBinomialTailTest {

    private static final MathContext DIGITS = new MathContext(100);
    private final NegativeBinomialSurgeTest test = new NegativeBinomialSurgeTest();

    /** mean m, variance v with p = m / v = numerator / denominator and r = m² / (v - m) whole. */
    @ParameterizedTest
    @CsvSource({
            "10, 20, 1, 2, 10, 30",
            "10, 20, 1, 2, 10, 80",
            "10, 20, 1, 2, 10, 8",
            "3, 4.5, 2, 3, 6, 20",
            "3, 4.5, 2, 3, 6, 1",
            "100, 200, 1, 2, 100, 200",
            "100, 200, 1, 2, 100, 400",
            "1, 2, 1, 2, 1, 25"})
    void upperTailMatchesExactRationalMasses(double mean, double variance, int pNumerator, int pDenominator,
                                             int size, long k) {
        double exact = exactUpperTail(pNumerator, pDenominator, size, k);
        assertThat(test.upperTail(k, ExpectedCount.of(mean, variance)))
                .isCloseTo(exact, within(Math.max(1e-11 * exact, 1e-15)));
    }

    @ParameterizedTest
    @CsvSource({"4.6, 15.3, 20", "0.7, 3.1, 6", "25, 31, 45", "2, 2.001, 9", "50, 5000, 400"})
    void upperTailMatchesForwardRecurrenceForAnySize(double mean, double variance, long k) {
        double p = mean / variance;
        double size = mean * mean / (variance - mean);
        double mass = Math.pow(p, size);
        double below = 0;
        for (long j = 0; j < k; j++) {
            below += mass;
            mass *= (j + size) / (j + 1) * (1 - p);
        }
        double expected = 1 - below;
        assertThat(expected).isGreaterThan(1e-6);
        assertThat(test.upperTail(k, ExpectedCount.of(mean, variance))).isCloseTo(expected, within(1e-9 * expected));
    }

    @Test
    void isPoissonWhenTheVarianceDoesNotExceedTheMean() {
        PoissonSurgeTest poisson = new PoissonSurgeTest();
        assertThat(test.upperTail(20, ExpectedCount.of(10, 10))).isEqualTo(poisson.upperTail(20, 10));
        assertThat(test.upperTail(20, ExpectedCount.of(10, 4))).isEqualTo(poisson.upperTail(20, 10));
        double almostPoisson = test.upperTail(30, ExpectedCount.of(10, 10 * (1 + 1e-9)));
        assertThat(almostPoisson).isCloseTo(poisson.upperTail(30, 10), within(1e-6 * poisson.upperTail(30, 10)));
    }

    @Test
    void overDispersionFattensTheTailAndRaisesTheThreshold() {
        ExpectedCount poissonLike = ExpectedCount.poisson(10);
        ExpectedCount dispersed = ExpectedCount.of(10, 30);
        assertThat(test.upperTail(30, dispersed)).isGreaterThan(test.upperTail(30, poissonLike) * 100);
        assertThat(test.threshold(dispersed, 1e-6)).isGreaterThan(test.threshold(poissonLike, 1e-6));
    }

    @ParameterizedTest
    @CsvSource({"10, 20, 1e-6", "1, 2, 1e-6", "1, 2, 0.05", "4.6, 15.3, 1e-6", "0.2, 5, 1e-6", "10000, 30000, 1e-9"})
    void thresholdIsTheSmallestCountAtOrBelowTheSignificance(double mean, double variance, double significance) {
        ExpectedCount expected = ExpectedCount.of(mean, variance);
        long threshold = test.threshold(expected, significance);
        assertThat(test.upperTail(threshold, expected)).isLessThanOrEqualTo(significance);
        assertThat(test.upperTail(threshold - 1, expected)).isGreaterThan(significance);
    }

    @Test
    void geometricColdStartHasTailsOfPowersOfOneHalf() {
        // mean 1, variance 2: r = 1, p = 1/2, P(X >= k) = 2^-k exactly
        ExpectedCount geometric = ExpectedCount.of(1, 2);
        for (int k = 1; k <= 60; k += 7) {
            assertThat(test.upperTail(k, geometric)).isCloseTo(Math.pow(0.5, k), within(1e-12 * Math.pow(0.5, k)));
        }
        assertThat(test.threshold(geometric, 1e-6)).isEqualTo(20);
    }

    /** {@code 1 - Σ_{j<k} C(j+r-1, j) p^r (1-p)^j} for p = a / b, as exact rationals then 100 digits. */
    private static double exactUpperTail(int a, int b, int size, long k) {
        BigInteger success = BigInteger.valueOf(a);
        BigInteger failure = BigInteger.valueOf(b - a);
        BigInteger whole = BigInteger.valueOf(b);
        BigInteger numerator = BigInteger.ZERO;
        BigInteger binomial = BigInteger.ONE;
        for (long j = 0; j < k; j++) {
            // C(j+r-1, j) a^r (b-a)^j b^(k-1-j), all over b^(r+k-1)
            numerator = numerator.add(binomial.multiply(success.pow(size)).multiply(failure.pow((int) j))
                    .multiply(whole.pow((int) (k - 1 - j))));
            binomial = binomial.multiply(BigInteger.valueOf(j + size)).divide(BigInteger.valueOf(j + 1));
        }
        BigDecimal below = new BigDecimal(numerator).divide(new BigDecimal(whole.pow((int) (size + k - 1))), DIGITS);
        return BigDecimal.ONE.subtract(below, DIGITS).doubleValue();
    }
}
