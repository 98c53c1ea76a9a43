package io.faultline.detector.detection;

import io.faultline.common.events.Service;
import java.time.Instant;

/**
 * A change in the complaint level of one (region, service), from the surge detector.
 *
 * @param region              region of the complaints
 * @param service             service complained about
 * @param state               started, continuing or ended
 * @param at                  STARTED: event time of the complaint that completed the surge condition;
 *                            CONTINUING: end of the bucket just closed; ENDED: start of the first quiet bucket
 *                            of the run that ended it
 * @param onsetAt             start of the first abnormal bucket of this surge
 * @param bucketStart         start of the window the figures are from: the entry window for STARTED, the bucket
 *                            just closed for CONTINUING, the exit window for ENDED
 * @param uniqueComplainants  distinct complaining subscribers counted in that window (per bucket, summed)
 * @param baseline            expected count for that window from the hour-of-week baseline
 * @param threshold           count from which that window is abnormal at that baseline
 * @param pValue              upper-tail probability of the count under the baseline
 */
public record ComplaintSurge(String region, Service service, SurgeState state, Instant at, Instant onsetAt,
                             Instant bucketStart, long uniqueComplainants, double baseline, long threshold,
                             double pValue) implements DetectionSignal {

    /** Key of the (region, service) pair: {@code region|SERVICE}. */
    public String key() {
        return region + "|" + service;
    }
}
