package io.faultline.detector.complaints;

import java.util.List;

/**
 * What the baseline expects of a count of distinct complainants, over one bucket or a window of buckets.
 *
 * @param mean         expected count
 * @param variance     expected variance of the count, the uncertainty of the mean included
 * @param meanVariance the part of the variance that is the uncertainty of the estimated mean: it is shared by the
 *                     buckets of a window (an underestimated rate is underestimated in each of them)
 */
public record ExpectedCount(double mean, double variance, double meanVariance) {

    public ExpectedCount {
        if (!(mean >= 0 && variance >= 0 && meanVariance >= 0) || Double.isInfinite(mean)
                || Double.isInfinite(variance) || meanVariance > variance) {
            throw new IllegalArgumentException("need finite 0 <= meanVariance <= variance and mean >= 0, got mean "
                    + mean + ", variance " + variance + ", meanVariance " + meanVariance);
        }
    }

    /** A Poisson expectation of a known rate: the variance equals the mean. */
    public static ExpectedCount poisson(double mean) {
        return new ExpectedCount(mean, mean, 0);
    }

    /** A known mean and variance, with no uncertainty on the mean. */
    public static ExpectedCount of(double mean, double variance) {
        return new ExpectedCount(mean, variance, 0);
    }

    /** The expectation over a share of the bucket (0 to 1): a bucket still open, counted so far. */
    public ExpectedCount scaled(double share) {
        double scaledMeanVariance = meanVariance * share * share;
        return new ExpectedCount(mean * share, (variance - meanVariance) * share + scaledMeanVariance,
                scaledMeanVariance);
    }

    /**
     * The expectation of the sum of several counts: means and own variances add up, the uncertainties of the means
     * are fully correlated (their standard deviations add up).
     */
    public static ExpectedCount sum(List<ExpectedCount> parts) {
        double mean = 0;
        double ownVariance = 0;
        double meanDeviation = 0;
        for (ExpectedCount part : parts) {
            mean += part.mean;
            ownVariance += part.variance - part.meanVariance;
            meanDeviation += Math.sqrt(part.meanVariance);
        }
        double meanVariance = meanDeviation * meanDeviation;
        return new ExpectedCount(mean, ownVariance + meanVariance, meanVariance);
    }
}
