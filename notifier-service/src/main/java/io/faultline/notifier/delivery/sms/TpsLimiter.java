package io.faultline.notifier.delivery.sms;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps submits under the SMSC's cap: at most {@code permits} in any window of one second plus 40 ms of slack (so
 * 96% of the cap), because submits granted in order can reach the SMSC closer together than they were granted and
 * push it over its own count; and none at all while paused after the SMSC said it was throttling or its queue was
 * full. Within the window the permits are paced, one every window / permits, with at most {@link #BURST} of
 * catching up after a late grant: without pacing, the permits of an emptied window (after a pause, or at the start)
 * went out in one burst that made the SMSC throttle again. Blocking, and shared by every thread that submits on the
 * instance: the first come is the first served.
 */
final class TpsLimiter {

    /** The window: one second and the slack. */
    static final Duration WINDOW = Duration.ofMillis(1_040);

    /** How far behind its schedule the pacing may catch up at once. */
    static final Duration BURST = Duration.ofMillis(50);

    private final long[] granted;
    private final long windowNanos = WINDOW.toNanos();
    private final long intervalNanos;
    private long nextGrantAt = Long.MIN_VALUE;
    private int oldest;
    private long pausedUntil = Long.MIN_VALUE;

    /** @param permits submits per second; 0 or less for no limit */
    TpsLimiter(int permits) {
        this.granted = new long[Math.max(0, permits)];
        Arrays.fill(granted, Long.MIN_VALUE);
        this.intervalNanos = permits > 0 ? windowNanos / permits : 0;
    }

    /** Waits until a submit may go; throws when interrupted. */
    synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long pauseLeft = pausedUntil == Long.MIN_VALUE ? 0 : pausedUntil - now;
            long windowLeft = granted.length == 0 || granted[oldest] == Long.MIN_VALUE ? 0
                    : granted[oldest] + windowNanos - now;
            long paceLeft = nextGrantAt == Long.MIN_VALUE ? 0 : nextGrantAt - now;
            long wait = Math.max(pauseLeft, Math.max(windowLeft, paceLeft));
            if (wait <= 0) {
                if (granted.length > 0) {
                    granted[oldest] = now;
                    oldest = (oldest + 1) % granted.length;
                    long scheduled = nextGrantAt == Long.MIN_VALUE ? now
                            : Math.max(nextGrantAt, now - BURST.toNanos());
                    nextGrantAt = scheduled + intervalNanos;
                }
                return;
            }
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for an SMS submit permit");
            }
        }
    }

    /** No submit before {@code pause} has passed (the SMSC asked to slow down). */
    synchronized void pause(Duration pause) {
        pausedUntil = Math.max(pausedUntil, System.nanoTime() + pause.toNanos());
    }
}
