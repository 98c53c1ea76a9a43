package io.faultline.detector.complaints;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Tunables of the complaint-surge detection of one (region, service); see {@link SurgeDetector} for the rules.
 *
 * <p>How fast the defaults detect a complaint-only outage at five times the baseline, from a cold start one hour
 * before its onset (Monte Carlo, 40 runs per level, Poisson noise): within 3 minutes of onset in about 35% of the
 * runs at 1 distinct complainant a minute, 80% at 2, 95% at 3 and every run from 4; below 1 a minute the evidence
 * of 3 minutes is too thin to be both quick and quiet, and the long window catches the outage in 5 to 15 minutes.
 * On the incident library's noise model (50 keys, cold start at midnight), one false surge in 16 days with the
 * negative binomial test, none with the Poisson one.
 *
 * @param bucket               length of a bucket, aligned on the epoch
 * @param surgeBuckets         length in buckets of the short entry window (the duration requirement of a sharp
 *                             rise)
 * @param quietBuckets         length in buckets of the long window: the exit window, and the entry window of a
 *                             surge that builds up slowly
 * @param entrySignificance    upper-tail probability at or below which an entry window is abnormal
 * @param exitSignificance     upper-tail probability above which an exit window is quiet; larger than the entry
 *                             one (hysteresis)
 * @param learningSignificance upper-tail probability at or below which a window is too high to be learned (the
 *                             start of a surge still building up)
 * @param minCount             fewest distinct complainants that can make a window abnormal, whatever the baseline
 * @param warmUpBuckets        buckets the baseline must have learned before a surge can start (cold start)
 * @param priorPerBucket       distinct complainants per bucket assumed on a cold start, before anything is learned
 * @param priorWeight          how many buckets of evidence the prior is worth; it fades as the recent level learns
 * @param slotMinSamples       decayed number of learned buckets from which an hour-of-week slot is trusted (a
 *                             week gives a slot 60 one-minute buckets)
 * @param slotMemorySamples    effective number of buckets a slot remembers: each new one discounts the older ones
 *                             by {@code 1 - 1/slotMemorySamples}
 * @param recentLevelFactor    EWMA factor of the fast recent level, the fallback while a slot is not trusted
 * @param test                 tail-test strategy
 * @param idleClose            wall-clock time a complaint partition may stay silent before the surge clock moves
 *                             its position on with the wall clock, event time being assumed to follow the wall
 *                             clock: buckets close and surges end when complaints stop (used by the stream
 *                             processor's {@link SourceWatermark})
 * @param lateness             how long after its end a bucket stays open for complaints arriving out of order
 * @param retainedBuckets      closed buckets in which late complaints still count
 * @param zone                 time zone of the hour of week (complaints follow local daily life)
 */
public record SurgeSettings(Duration bucket, int surgeBuckets, int quietBuckets, double entrySignificance,
                            double exitSignificance, double learningSignificance, long minCount, int warmUpBuckets,
                            double priorPerBucket, double priorWeight, double slotMinSamples,
                            double slotMemorySamples, double recentLevelFactor, SurgeTestKind test,
                            Duration idleClose, Duration lateness, int retainedBuckets, ZoneId zone) {

    public SurgeSettings {
        require(bucket != null && bucket.toMillis() > 0, "bucket must be at least a millisecond");
        require(surgeBuckets >= 1, "surgeBuckets must be >= 1");
        require(quietBuckets >= 1, "quietBuckets must be >= 1");
        require(entrySignificance > 0 && entrySignificance < exitSignificance && exitSignificance < 1,
                "need 0 < entrySignificance < exitSignificance < 1");
        require(learningSignificance >= entrySignificance && learningSignificance < 1,
                "need entrySignificance <= learningSignificance < 1");
        require(minCount >= 1, "minCount must be >= 1");
        require(warmUpBuckets >= 0, "warmUpBuckets must be >= 0");
        require(priorPerBucket >= 0 && Double.isFinite(priorPerBucket), "priorPerBucket must be >= 0");
        require(priorWeight > 0 && Double.isFinite(priorWeight), "priorWeight must be > 0");
        require(slotMinSamples >= 1 && slotMinSamples < slotMemorySamples && Double.isFinite(slotMemorySamples),
                "need 1 <= slotMinSamples < slotMemorySamples");
        require(recentLevelFactor > 0 && recentLevelFactor <= 1, "recentLevelFactor must be in (0, 1]");
        require(test != null, "test is required");
        require(idleClose != null && !idleClose.isNegative(), "idleClose must be >= 0");
        require(lateness != null && !lateness.isNegative(), "lateness must be >= 0");
        require(retainedBuckets >= 0, "retainedBuckets must be >= 0");
        require(zone != null, "zone is required");
    }

    /**
     * One-minute buckets; entry windows of 3 and 10 buckets at {@code 1e-6} with at least 5 complainants; exit
     * when the last 10 closed buckets are back under {@code 0.05}; windows at {@code 1e-3} not learned; 30 learned
     * buckets before the first surge; a prior of 1 complainant a bucket worth one bucket; slots trusted after
     * about a week and a half of history and remembering about eight weeks; a fast recent level over about 20
     * minutes; the negative binomial test; buckets closed after a minute without any complaint; 5 minutes of
     * lateness and 5 more closed buckets for late complaints; hours of week in UTC.
     */
    public static SurgeSettings defaults() {
        return new SurgeSettings(Duration.ofMinutes(1), 3, 10, 1e-6, 0.05, 1e-3, 5, 30, 1.0, 1.0, 90, 480, 0.05,
                SurgeTestKind.NEGATIVE_BINOMIAL, Duration.ofMinutes(1), Duration.ofMinutes(5), 5, ZoneOffset.UTC);
    }

    /** The same settings with another tail test. */
    public SurgeSettings withTest(SurgeTestKind kind) {
        return new SurgeSettings(bucket, surgeBuckets, quietBuckets, entrySignificance, exitSignificance,
                learningSignificance, minCount, warmUpBuckets, priorPerBucket, priorWeight, slotMinSamples,
                slotMemorySamples, recentLevelFactor, kind, idleClose, lateness, retainedBuckets, zone);
    }

    /** The same settings with another cold-start prior. */
    public SurgeSettings withPrior(double perBucket, double weight) {
        return new SurgeSettings(bucket, surgeBuckets, quietBuckets, entrySignificance, exitSignificance,
                learningSignificance, minCount, warmUpBuckets, perBucket, weight, slotMinSamples,
                slotMemorySamples, recentLevelFactor, test, idleClose, lateness, retainedBuckets, zone);
    }

    /** Start of the bucket holding the instant. */
    public Instant bucketStart(Instant time) {
        long length = bucket.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(time.toEpochMilli(), length) * length);
    }

    /**
     * Longest time between the start of a bucket and the detector's clock while the bucket still accepts
     * complaints: what a per-bucket record (such as the subscribers already seen) must be kept for.
     */
    public Duration retention() {
        return lateness.plus(bucket.multipliedBy(retainedBuckets + 1L));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
