package io.faultline.detector.complaints;

import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.List;

/**
 * Where the complaint-surge detection of one (region, service) stands; a JSON-serialisable value.
 *
 * <p>Buckets before {@code closedUntil} are closed: whether they end a surge, their CONTINUING signal and what
 * the baseline learns from them are final. The state remembers the open buckets and the closed ones still needed
 * (for late complaints, for the entry and exit windows, for learning); a bucket without an entry had no
 * complainant.
 *
 * @param region            region of the complaints
 * @param service           service complained about
 * @param observedFrom      first bucket the detector saw; nothing before it is learned
 * @param closedUntil       start of the oldest open bucket; null until the detector first sees time
 * @param latestComplaintAt latest event time of a counted complaint; null before the first one
 * @param buckets           remembered buckets with their counts, oldest first
 * @param onsetAt           estimated onset of the surge under way; null when there is none
 * @param runsFrom          earliest bucket an entry window may start from: the one after the end of the last
 *                          surge, so that its buckets cannot start another; null when there was no surge yet
 */
public record SurgeDetectorState(String region, Service service, Instant observedFrom, Instant closedUntil,
                                 Instant latestComplaintAt, List<BucketCount> buckets, Instant onsetAt,
                                 Instant runsFrom) {

    public SurgeDetectorState {
        buckets = List.copyOf(buckets);
    }

    /** Nothing seen yet. */
    public static SurgeDetectorState initial(String region, Service service) {
        return new SurgeDetectorState(region, service, null, null, null, List.of(), null, null);
    }

    /** Whether a surge is under way. */
    public boolean surging() {
        return onsetAt != null;
    }

    /**
     * One remembered bucket.
     *
     * @param start              start of the bucket
     * @param uniqueComplainants distinct complaining subscribers counted in it
     * @param inSurge            whether it belongs to a surge (so the baseline never learns it)
     */
    public record BucketCount(Instant start, long uniqueComplainants, boolean inSurge) {
    }
}
