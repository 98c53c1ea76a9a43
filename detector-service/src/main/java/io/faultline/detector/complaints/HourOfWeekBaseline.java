package io.faultline.detector.complaints;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * What is normal for the distinct complainants of one (region, service) per bucket, learned online from the closed
 * buckets the {@link SurgeDetector} hands it (never those of a surge: an outage must not teach that outages are
 * normal).
 *
 * <p>Each of the 168 hours of the week has a slot with an exponentially decayed count of learned buckets, their
 * mean and variance. While a slot has fewer than {@link SurgeSettings#slotMinSamples()} decayed samples the recent
 * level stands in: the larger of a fast EWMA of all learned buckets ({@link SurgeSettings#recentLevelFactor()},
 * which follows the daily rise and fall) and a six times slower one (so that a lull of a few quiet minutes does not
 * make a low-volume key jumpy). Whatever the source, the cold-start prior ({@link SurgeSettings#priorPerBucket()},
 * as Poisson pseudo-observations worth {@link SurgeSettings#priorWeight()} buckets) is blended in: at full weight
 * against a slot, where it only keeps the mean above zero, and with a weight fading at the EWMA rate against the
 * recent level, where it dominates on a cold start. The expectation adds the uncertainty of the mean,
 * {@code mean / weight} (as in a gamma-Poisson model), so that a baseline learned from few buckets is not trusted
 * as if it were exact.
 *
 * <p>A level also ages. Buckets of a surge are never learned, so after hours of surge the recent level is the one
 * from before it, while the ordinary complaint level may have moved a lot since (the morning rise). When no hour-of-
 * week slot knows the hour, the expectation therefore adds, for each hour since the last learned bucket beyond the
 * usual learning delay, a variance of {@code (LEVEL_DRIFT_PER_HOUR * mean)^2} to the uncertainty of the mean (a
 * random walk of the level), up to a standard deviation of {@code MAX_LEVEL_UNCERTAINTY * mean}: a surge's exit is
 * judged against a level that is honest about how old it is, and a surge of several times the level still holds.
 *
 * <p>A JSON-serialisable value: learning returns a new baseline.
 *
 * @param slotWeights    decayed number of buckets learned per hour-of-week slot (Monday 00:00 is slot 0)
 * @param slotMeans      mean count per slot
 * @param slotVariances  variance of the count per slot
 * @param recentMean     fast recent level: EWMA of the counts of all learned buckets
 * @param recentVariance EWMA variance of those counts
 * @param slowMean       slow recent level
 * @param learnedBuckets how many buckets were learned in all
 * @param lastLearnedMs  start of the latest bucket learned, in epoch milliseconds; 0 when unknown (null, as read
 *                       from a baseline stored before this was recorded, becomes 0)
 */
public record HourOfWeekBaseline(double[] slotWeights, double[] slotMeans, double[] slotVariances,
                                 double recentMean, double recentVariance, double slowMean, long learnedBuckets,
                                 Long lastLearnedMs) {

    /** Number of hour-of-week slots. */
    public static final int SLOTS = 7 * 24;
    /** How much slower than the fast recent level the slow one moves. */
    static final double SLOW_LEVEL_RATIO = 6;
    /**
     * How far (standard deviation, as a share of the level) the ordinary complaint level can move in an hour: a
     * diurnal curve takes a level several-fold within a few hours.
     */
    static final double LEVEL_DRIFT_PER_HOUR = 0.5;
    /**
     * The most an aged level's uncertainty grows to (standard deviation as a share of the level, reached after four
     * hours): a level uncertain by more would let a surge of a few times the level end while still running.
     */
    static final double MAX_LEVEL_UNCERTAINTY = 1.0;
    /** Slack on top of the usual learning delay before a level counts as aging. */
    static final Duration AGING_SLACK = Duration.ofMinutes(5);

    public HourOfWeekBaseline {
        if (slotWeights == null || slotMeans == null || slotVariances == null || slotWeights.length != SLOTS
                || slotMeans.length != SLOTS || slotVariances.length != SLOTS) {
            throw new IllegalArgumentException("a baseline needs " + SLOTS + " slot weights, means and variances");
        }
        slotWeights = slotWeights.clone();
        slotMeans = slotMeans.clone();
        slotVariances = slotVariances.clone();
        lastLearnedMs = lastLearnedMs == null ? 0L : lastLearnedMs;
    }

    @Override
    public double[] slotWeights() {
        return slotWeights.clone();
    }

    @Override
    public double[] slotMeans() {
        return slotMeans.clone();
    }

    @Override
    public double[] slotVariances() {
        return slotVariances.clone();
    }

    /** A baseline that has learned nothing: it expects the prior. */
    public static HourOfWeekBaseline empty() {
        return new HourOfWeekBaseline(new double[SLOTS], new double[SLOTS], new double[SLOTS], 0, 0, 0, 0, 0L);
    }

    /** Expected count and variance of the bucket starting at the given instant. */
    public ExpectedCount expected(Instant bucketStart, SurgeSettings settings) {
        int slot = slotOf(bucketStart, settings.zone());
        double prior = settings.priorPerBucket();
        if (slotTrusted(slot, settings)) {
            return blend(prior, settings.priorWeight(), slotMeans[slot], slotVariances[slot], slotWeights[slot]);
        }
        double fading = Math.pow(1 - settings.recentLevelFactor(), learnedBuckets);
        return aged(blend(prior, settings.priorWeight() * fading, Math.max(recentMean, slowMean), recentVariance,
                recentWeight(learnedBuckets, settings.recentLevelFactor())), bucketStart, settings);
    }

    /** The expectation with the uncertainty of a recent level that has not learned for a while. */
    private ExpectedCount aged(ExpectedCount expected, Instant bucketStart, SurgeSettings settings) {
        if (lastLearnedMs == 0) {
            return expected;
        }
        Duration usualDelay = settings.lateness().plus(settings.bucket().multipliedBy(
                Math.max(settings.surgeBuckets(), settings.quietBuckets()) + 1L)).plus(AGING_SLACK);
        long agingMs = bucketStart.toEpochMilli() - lastLearnedMs - usualDelay.toMillis();
        if (agingMs <= 0) {
            return expected;
        }
        double relativeVariance = Math.min(LEVEL_DRIFT_PER_HOUR * LEVEL_DRIFT_PER_HOUR * agingMs
                / Duration.ofHours(1).toMillis(), MAX_LEVEL_UNCERTAINTY * MAX_LEVEL_UNCERTAINTY);
        double added = relativeVariance * expected.mean() * expected.mean();
        return new ExpectedCount(expected.mean(), expected.variance() + added, expected.meanVariance() + added);
    }

    /** Whether the hour-of-week slot of the bucket has learned enough to be the expectation. */
    public boolean slotTrusted(Instant bucketStart, SurgeSettings settings) {
        return slotTrusted(slotOf(bucketStart, settings.zone()), settings);
    }

    /** The baseline after learning the count of one closed bucket. */
    public HourOfWeekBaseline learn(Instant bucketStart, long uniqueComplainants, SurgeSettings settings) {
        Learner learner = learner(settings);
        learner.learn(bucketStart, uniqueComplainants);
        return learner.result();
    }

    /** Accumulates many learned buckets at the cost of one copy; for a detector catching up on closed buckets. */
    Learner learner(SurgeSettings settings) {
        return new Learner(this, settings);
    }

    /** Hour-of-week slot of an instant in the zone: Monday 00:00-00:59 is 0, Sunday 23:00-23:59 is 167. */
    public static int slotOf(Instant time, ZoneId zone) {
        ZonedDateTime local = time.atZone(zone);
        return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
    }

    private boolean slotTrusted(int slot, SurgeSettings settings) {
        return slotWeights[slot] >= settings.slotMinSamples();
    }

    private static ExpectedCount blend(double prior, double priorWeight, double mean, double variance,
                                       double weight) {
        double total = priorWeight + weight;
        double blendedMean = (priorWeight * prior + weight * mean) / total;
        double dispersion = (priorWeight * prior + weight * variance) / total;
        double meanVariance = blendedMean / total;
        return new ExpectedCount(blendedMean, dispersion + meanVariance, meanVariance);
    }

    /** Sum of the EWMA weights of the buckets learned so far: {@code Σ (1 - factor)^i}. */
    private static double recentWeight(long learned, double factor) {
        return (1 - Math.pow(1 - factor, learned)) / factor;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HourOfWeekBaseline that && Arrays.equals(slotWeights, that.slotWeights)
                && Arrays.equals(slotMeans, that.slotMeans) && Arrays.equals(slotVariances, that.slotVariances)
                && Double.compare(recentMean, that.recentMean) == 0
                && Double.compare(recentVariance, that.recentVariance) == 0
                && Double.compare(slowMean, that.slowMean) == 0 && learnedBuckets == that.learnedBuckets
                && lastLearnedMs.equals(that.lastLearnedMs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(slotMeans) + Arrays.hashCode(slotWeights)) + Long.hashCode(learnedBuckets);
    }

    @Override
    public String toString() {
        return "HourOfWeekBaseline[learnedBuckets=" + learnedBuckets + ", recentMean=" + recentMean
                + ", recentVariance=" + recentVariance + ", lastLearnedMs=" + lastLearnedMs + "]";
    }

    /** Mutable accumulator behind {@link #learn}: copies the slots once, however many buckets it learns. */
    static final class Learner {

        private final HourOfWeekBaseline origin;
        private final SurgeSettings settings;
        private double[] weights;
        private double[] means;
        private double[] variances;
        private double recentMean;
        private double recentVariance;
        private double slowMean;
        private long learned;
        private long lastLearnedMs;

        private Learner(HourOfWeekBaseline origin, SurgeSettings settings) {
            this.origin = origin;
            this.settings = settings;
            this.recentMean = origin.recentMean;
            this.recentVariance = origin.recentVariance;
            this.slowMean = origin.slowMean;
            this.learned = origin.learnedBuckets;
            this.lastLearnedMs = origin.lastLearnedMs;
        }

        void learn(Instant bucketStart, long count) {
            if (weights == null) {
                weights = origin.slotWeights.clone();
                means = origin.slotMeans.clone();
                variances = origin.slotVariances.clone();
            }
            lastLearnedMs = Math.max(lastLearnedMs, bucketStart.toEpochMilli());
            int slot = slotOf(bucketStart, settings.zone());
            weights[slot] = weights[slot] * (1 - 1 / settings.slotMemorySamples()) + 1;
            double slotShare = 1 / weights[slot];
            double slotDeviation = count - means[slot];
            means[slot] += slotShare * slotDeviation;
            variances[slot] = (1 - slotShare) * (variances[slot] + slotShare * slotDeviation * slotDeviation);

            learned++;
            double recentShare = 1 / recentWeight(learned, settings.recentLevelFactor());
            double recentDeviation = count - recentMean;
            recentMean += recentShare * recentDeviation;
            recentVariance = (1 - recentShare) * (recentVariance + recentShare * recentDeviation * recentDeviation);
            slowMean += (count - slowMean) / recentWeight(learned, settings.recentLevelFactor() / SLOW_LEVEL_RATIO);
        }

        /** The baseline with everything learned; the original instance when nothing was. */
        HourOfWeekBaseline result() {
            if (weights == null) {
                return origin;
            }
            return new HourOfWeekBaseline(weights, means, variances, recentMean, recentVariance, slowMean, learned,
                    lastLearnedMs);
        }
    }
}
