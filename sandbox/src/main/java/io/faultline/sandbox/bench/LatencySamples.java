package io.faultline.sandbox.bench;

import java.util.Arrays;

/**
 * Latencies in milliseconds, kept as they are and sorted on demand: a benchmark takes tens to thousands of
 * samples, so exact percentiles are cheap and need no histogram.
 */
final class LatencySamples {

    private long[] values = new long[64];
    private int size;

    synchronized void add(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
    }

    synchronized int size() {
        return size;
    }

    /**
     * The nearest-rank percentile: the smallest sample such that at least {@code percent}% of the samples are
     * less than or equal to it.
     *
     * @throws IllegalStateException when there are no samples
     */
    synchronized long percentile(double percent) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percent);
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return sorted[Math.max(rank, 1) - 1];
    }
}
