package io.faultline.detector.complaints;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far event time has surely progressed when records of several sources (the partitions of the complaint topic)
 * are merged into one stream whose order mixes them: the earliest of the latest event times of the sources heard
 * from recently.
 *
 * <p>After a backlog (a restart, a catch-up), each source is read at its own pace and one can run hours of event
 * time ahead of another. Closing buckets at the latest event time seen would close them before the lagging
 * sources delivered their complaints: the buckets would be judged and learned short, and every complaint of the
 * lagging sources would arrive late. The watermark holds them open until every source has passed them. A source
 * silent for longer than the idleness (wall clock) no longer holds it back, nor does one lagging further than the
 * maximum lag behind the latest event time seen: its complaints are then late, as they would be without a
 * watermark. A source is only known once it has sent something, so for the idleness after the first record
 * (when a restarted detector starts reading every partition at once) the watermark stays at the earliest event
 * time seen: a source that starts a few seconds late must not find its buckets closed. Pure: times are passed
 * in, in epoch milliseconds.
 */
public final class SourceWatermark {

    private final long idlenessMs;
    private final long maxLagMs;
    private final Map<Integer, long[]> sources = new HashMap<>();
    private long latestMs = Long.MIN_VALUE;
    private long earliestMs = Long.MAX_VALUE;
    private long firstWallMs = Long.MIN_VALUE;

    /**
     * @param idleness how long a source may stay silent (wall clock) and still hold the watermark back
     * @param maxLag   how far behind the latest event time the watermark may stay
     */
    public SourceWatermark(Duration idleness, Duration maxLag) {
        this.idlenessMs = idleness.toMillis();
        this.maxLagMs = maxLag.toMillis();
    }

    /** A record of {@code source} with event time {@code eventMs} arrived at wall-clock time {@code wallMs}. */
    public void observe(int source, long eventMs, long wallMs) {
        long[] seen = sources.computeIfAbsent(source, s -> new long[] {Long.MIN_VALUE, wallMs});
        seen[0] = Math.max(seen[0], eventMs);
        seen[1] = Math.max(seen[1], wallMs);
        latestMs = Math.max(latestMs, eventMs);
        earliestMs = Math.min(earliestMs, eventMs);
        if (firstWallMs == Long.MIN_VALUE) {
            firstWallMs = wallMs;
        }
    }

    /** The watermark at wall-clock time {@code wallMs}; empty before the first record. */
    public OptionalLong at(long wallMs) {
        if (sources.isEmpty()) {
            return OptionalLong.empty();
        }
        if (wallMs - firstWallMs < idlenessMs) {
            return OptionalLong.of(earliestMs);
        }
        long earliest = Long.MAX_VALUE;
        for (long[] seen : sources.values()) {
            if (wallMs - seen[1] <= idlenessMs) {
                earliest = Math.min(earliest, seen[0]);
            }
        }
        if (earliest == Long.MAX_VALUE) {
            return OptionalLong.of(latestMs);
        }
        return OptionalLong.of(Math.max(earliest, latestMs - maxLagMs));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SourceWatermark[latest=").append(latestMs).append(", sources={");
        sources.forEach((source, seen) -> text.append(source).append('=').append(seen[0]).append('@')
                .append(seen[1]).append(' '));
        return text.append("}]").toString();
    }
}
