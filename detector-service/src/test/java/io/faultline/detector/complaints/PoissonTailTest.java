package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Poisson tail test against tails computed another way: {@code 1 - e^-m Σ_{j<k} m^j / j!} in 100-digit
 * decimal arithmetic, where the complement loses nothing even at {@code 1e-19}.
 */
class PoissonTailTest {

    private static final MathContext DIGITS = new MathContext(100);
    private final PoissonSurgeTest test = new PoissonSurgeTest();

    @ParameterizedTest
    @CsvSource({"10, 20", "10, 50", "10, 5", "10, 10", "10, 11", "0.5, 1", "0.5, 6", "3.7, 2", "1000, 1100",
            "1000, 950", "250.5, 400"})
    void upperTailMatchesExactDecimalComplement(double mean, long k) {
        double exact = exactUpperTail(mean, k);
        assertThat(test.upperTail(k, mean)).isCloseTo(exact, within(Math.max(1e-12 * exact, 1e-15)));
    }

    @Test
    void knownValuesOfPoissonTen() {
        assertThat(test.upperTail(20, 10)).isCloseTo(0.0034543, within(1e-7));
        // the first term is e^-10 10^50 / 50! ≈ 1.49e-19; the next ones shrink by 10/51, 10/52...: the tail lies
        // between first * (1 + 10/51) and first / (1 - 10/51)
        double fiftyFactorial = 1;
        for (int i = 2; i <= 50; i++) {
            fiftyFactorial *= i;
        }
        double first = Math.exp(-10) * Math.pow(10, 50) / fiftyFactorial;
        assertThat(test.upperTail(50, 10)).isBetween(first * (1 + 10.0 / 51), first / (1 - 10.0 / 51));
        assertThat(test.upperTail(200, 10)).isPositive().isLessThan(1e-150);
    }

    @Test
    void degenerateCases() {
        assertThat(test.upperTail(0, 10)).isEqualTo(1);
        assertThat(test.upperTail(-3, 10)).isEqualTo(1);
        assertThat(test.upperTail(1, 0)).isZero();
        assertThat(test.threshold(ExpectedCount.poisson(0), 1e-6)).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"10, 1e-6", "10, 0.05", "1, 1e-6", "0.01, 0.05", "8, 1e-12", "100000, 1e-6", "10, 0.9"})
    void thresholdIsTheSmallestCountAtOrBelowTheSignificance(double mean, double significance) {
        long threshold = test.threshold(ExpectedCount.poisson(mean), significance);
        assertThat(test.upperTail(threshold, mean)).isLessThanOrEqualTo(significance);
        assertThat(test.upperTail(threshold - 1, mean)).isGreaterThan(significance);
    }

    @Test
    void lnGammaMatchesSumsOfLogarithmsAndTheHalfValue() {
        double lnFactorial = 0;
        for (int n = 1; n <= 300; n++) {
            lnFactorial += Math.log(n);
            assertThat(CountTails.lnGamma(n + 1.0)).isCloseTo(lnFactorial, within(1e-12 * Math.max(1, lnFactorial)));
        }
        assertThat(CountTails.lnGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(CountTails.lnGammaRatio(1e12, 3)).isCloseTo(Math.log(1e12) + Math.log(1e12 + 1) + Math.log(1e12 + 2),
                within(1e-12));
    }

    /** {@code 1 - e^-m Σ_{j<k} m^j / j!}, with e^m from its own series. */
    static double exactUpperTail(double meanValue, long k) {
        BigDecimal mean = new BigDecimal(meanValue);
        BigDecimal below = BigDecimal.ZERO;
        BigDecimal term = BigDecimal.ONE;
        for (long j = 0; j < k; j++) {
            below = below.add(term, DIGITS);
            term = term.multiply(mean, DIGITS).divide(BigDecimal.valueOf(j + 1), DIGITS);
        }
        BigDecimal exponential = BigDecimal.ZERO;
        term = BigDecimal.ONE;
        for (long j = 0; term.compareTo(exponential.ulp()) > 0 || j < 10; j++) {
            exponential = exponential.add(term, DIGITS);
            term = term.multiply(mean, DIGITS).divide(BigDecimal.valueOf(j + 1), DIGITS);
        }
        return BigDecimal.ONE.subtract(below.divide(exponential, DIGITS), DIGITS).doubleValue();
    }
}
