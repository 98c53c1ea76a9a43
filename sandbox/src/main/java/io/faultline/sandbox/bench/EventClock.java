package io.faultline.sandbox.bench;

import java.time.Instant;

/**
 * Event time of the live load: the wall clock, optionally running {@code scale} times faster from the moment the
 * clock is made (for quick smoke runs; 1 is faithful: event time is wall time, as in production).
 */
final class EventClock {

    private final long startEpochMs;
    private final long startNanos;
    private final double scale;

    EventClock(double scale) {
        if (!(scale >= 1)) {
            throw new IllegalArgumentException("time scale must be >= 1, was " + scale);
        }
        this.scale = scale;
        this.startEpochMs = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
    }

    long nowMs() {
        return startEpochMs + (long) ((System.nanoTime() - startNanos) / 1_000_000.0 * scale);
    }

    Instant now() {
        return Instant.ofEpochMilli(nowMs());
    }
}
