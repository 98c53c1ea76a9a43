package io.faultline.detector.complaints;

import io.faultline.detector.complaints.SurgeDetectorState.BucketCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The remembered buckets of a {@link SurgeDetectorState} while the detector works on them: a list sorted by start
 * with lookups by binary search. A state remembers a hundred buckets or so, and the detector touches them at every
 * complaint, so a sorted array beats building a tree of them each time.
 */
final class BucketIndex {

    private static final Comparator<BucketCount> BY_START = Comparator.comparing(BucketCount::start);

    private final ArrayList<BucketCount> buckets;

    BucketIndex(List<BucketCount> buckets) {
        this.buckets = new ArrayList<>(buckets);
        for (int i = 1; i < this.buckets.size(); i++) {
            if (this.buckets.get(i - 1).start().compareTo(this.buckets.get(i).start()) >= 0) {
                this.buckets.sort(BY_START);
                break;
            }
        }
    }

    /** The bucket starting at {@code start}; null when it had no complainant. */
    BucketCount get(Instant start) {
        int at = indexOf(start);
        return at >= 0 ? buckets.get(at) : null;
    }

    /** Adds the bucket, or replaces the one with the same start. */
    void put(BucketCount counts) {
        int at = indexOf(counts.start());
        if (at >= 0) {
            buckets.set(at, counts);
        } else {
            buckets.add(-at - 1, counts);
        }
    }

    /** Distinct complainants of the buckets starting from {@code from} (inclusive) to {@code to} (exclusive). */
    long total(Instant from, Instant to) {
        long total = 0;
        int at = indexOf(from);
        for (int i = at >= 0 ? at : -at - 1; i < buckets.size() && buckets.get(i).start().isBefore(to); i++) {
            total += buckets.get(i).uniqueComplainants();
        }
        return total;
    }

    /** Forgets the buckets that start before {@code start}. */
    void dropBefore(Instant start) {
        int at = indexOf(start);
        buckets.subList(0, at >= 0 ? at : -at - 1).clear();
    }

    /** The buckets, oldest first. */
    List<BucketCount> values() {
        return List.copyOf(buckets);
    }

    /** Index of the bucket with that start, or {@code -(insertion point) - 1}, as {@link Collections#binarySearch}. */
    private int indexOf(Instant start) {
        return Collections.binarySearch(buckets, new BucketCount(start, 0, false), BY_START);
    }
}
