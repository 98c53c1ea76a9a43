package io.faultline.notifier.delivery.sms;

import java.time.Duration;

/**
 * How long to hold submits after the SMSC answered ESME_RTHROTTLED or ESME_RMSGQFUL: 100 ms, doubling at each
 * further refusal up to 5 s, and back to 100 ms after the first accepted submit. Refusals of submits that were
 * already on their way while a pause was decided (several threads share the link) do not double it again.
 */
final class ThrottleBackoff {

    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration LONGEST = Duration.ofSeconds(5);

    private Duration next = FIRST;
    private long pauseEndsNanos = Long.MIN_VALUE;

    /** The pause after one more refusal: zero when a pause decided earlier is still running. */
    synchronized Duration refused() {
        long now = System.nanoTime();
        if (pauseEndsNanos != Long.MIN_VALUE && now < pauseEndsNanos) {
            return Duration.ZERO;
        }
        Duration pause = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(LONGEST) > 0 ? LONGEST : doubled;
        pauseEndsNanos = now + pause.toNanos();
        return pause;
    }

    /** A submit was accepted: the SMSC keeps up again. */
    synchronized void accepted() {
        next = FIRST;
    }
}
