package io.faultline.detector.complaints;

/**
 * The levels of one bucket on its own with the current baseline: a view for operators (the detector itself judges
 * windows of buckets, see {@link SurgeDetector}).
 *
 * @param expected       what the baseline expects of the bucket
 * @param entryThreshold distinct complainants from which the bucket alone would be abnormal (at least the minimum
 *                       count)
 * @param exitThreshold  distinct complainants from which the bucket alone is above the exit level; at most the entry
 *                       threshold
 * @param slotTrusted    whether the expectation comes from the hour-of-week slot rather than the recent level
 */
public record SurgeLevels(ExpectedCount expected, long entryThreshold, long exitThreshold, boolean slotTrusted) {
}
