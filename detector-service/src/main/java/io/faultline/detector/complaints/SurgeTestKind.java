package io.faultline.detector.complaints;

/** Which distribution the tail test assumes for the number of distinct complainants in a bucket. */
public enum SurgeTestKind {
    /**
     * Poisson: complaints are independent; the learned variance is ignored, the mean is taken one standard deviation
     * of its own uncertainty higher.
     */
    POISSON,
    /**
     * Negative binomial with the expected mean and variance: allows for over-dispersion (complaints that come in
     * clumps, a baseline still uncertain after a cold start). Same as Poisson when the variance does not exceed
     * the mean.
     */
    NEGATIVE_BINOMIAL
}
