package io.faultline.detector.complaints;

/**
 * Negative binomial tail test: the count of a bucket has the expected mean and the (larger) expected variance,
 * as a Poisson count whose rate itself varies (gamma-Poisson). With mean m, variance v > m and excess dispersion
 * {@code e = (v - m) / m}, the distribution has size {@code r = m / e} and success probability
 * {@code p = 1 / (1 + e)}; when {@code v <= m} the test is the Poisson one. Tails are summed term by term in log
 * space, and the terms are written in e so that a variance barely above the mean stays accurate.
 */
public final class NegativeBinomialSurgeTest implements SurgeTest {

    static final NegativeBinomialSurgeTest INSTANCE = new NegativeBinomialSurgeTest();

    @Override
    public double upperTail(long k, ExpectedCount expected) {
        double mean = expected.mean();
        double variance = expected.variance();
        if (k <= 0) {
            return 1;
        }
        if (mean <= 0) {
            return 0;
        }
        if (variance <= mean) {
            return PoissonSurgeTest.INSTANCE.upperTail(k, mean);
        }
        double excess = (variance - mean) / mean;
        double size = mean / excess;
        double failure = excess / (1 + excess);
        if (k > mean) {
            double lnFirst = lnProbability(k, mean, excess);
            return Math.exp(CountTails.lnSumUpward(lnFirst, k, j -> (j + size) / (j + 1) * failure, failure));
        }
        double lnLast = lnProbability(k - 1, mean, excess);
        double below = Math.exp(CountTails.lnSumDownward(lnLast, k - 1, j -> j / ((j - 1 + size) * failure)));
        return Math.max(0, 1 - below);
    }

    /** {@code ln P(X = k)} for the negative binomial of the given mean and excess dispersion. */
    private static double lnProbability(long k, double mean, double excess) {
        double size = mean / excess;
        double lnOnePlusExcess = Math.log1p(excess);
        return CountTails.lnGammaRatio(size, k) - CountTails.lnGamma(k + 1.0)
                - size * lnOnePlusExcess + k * (Math.log(excess) - lnOnePlusExcess);
    }
}
