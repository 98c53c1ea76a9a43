package io.faultline.detector.complaints;

/**
 * Poisson tail test: complainants arrive independently, so the count of a bucket or window is Poisson. The
 * variance of the expectation is ignored except for the uncertainty of the mean itself: the mean is raised by one
 * standard deviation of its own estimate ({@link ExpectedCount#meanVariance()}), so that a baseline learned from a
 * few buckets, or from a lull, does not make the test jumpy. A known rate ({@link ExpectedCount#poisson}) is used
 * as it is. Tails are summed term by term from the threshold upwards, in log space, so that p-values such as
 * {@code 1e-19} keep many exact digits.
 */
public final class PoissonSurgeTest implements SurgeTest {

    static final PoissonSurgeTest INSTANCE = new PoissonSurgeTest();

    /** How many standard deviations of its own uncertainty the expected mean is raised by. */
    static final double UNCERTAINTY_DEVIATIONS = 1;

    @Override
    public double upperTail(long k, ExpectedCount expected) {
        return upperTail(k, expected.mean() + UNCERTAINTY_DEVIATIONS * Math.sqrt(expected.meanVariance()));
    }

    /** {@code P(X >= k)} for X Poisson with the given mean. */
    public double upperTail(long k, double mean) {
        if (k <= 0) {
            return 1;
        }
        if (mean <= 0) {
            return 0;
        }
        if (k > mean) {
            double lnFirst = lnProbability(k, mean);
            return Math.exp(CountTails.lnSumUpward(lnFirst, k, j -> mean / (j + 1), 0));
        }
        double lnLast = lnProbability(k - 1, mean);
        double below = Math.exp(CountTails.lnSumDownward(lnLast, k - 1, j -> j / mean));
        return Math.max(0, 1 - below);
    }

    /** {@code ln P(X = k)}. */
    static double lnProbability(long k, double mean) {
        return k * Math.log(mean) - mean - CountTails.lnGamma(k + 1.0);
    }
}
