package io.faultline.detector.complaints;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How far event time has surely progressed when records of several sources (the partitions of the complaint topic)
 * are merged into one stream whose order mixes them: the earliest of the sources' positions.
 *
 * <p>After a backlog (a restart, a catch-up, a complaint feed that dumps hours at once), each source is read at its
 * own pace and one can run hours of event time ahead of another. Closing buckets at the latest event time seen
 * would close them before the lagging sources delivered their complaints: the buckets would be judged and learned
 * short, and every complaint of the lagging sources would arrive late. The watermark holds them open until every
 * source has passed them.
 *
 * <p>A source's position is the latest event time it delivered; once it has been silent (wall clock) for longer
 * than the silence allowance, its position moves on with the wall clock from there, since a live source that has
 * nothing to say has surely not fallen behind by more than the time elapsed. Sources are never dropped: a quiet
 * source that suddenly delivers a backlog (its partition read after another's) still holds the watermark close
 * to where it stopped, and its complaints are not late; when every source is silent the watermark runs on with the
 * wall clock, so buckets close and surges end when complaints stop altogether. It never lags the latest event
 * time by more than the maximum lag, whatever a source does. A source is only known once it has sent something,
 * so for the startup grace after the first record (when a restarted detector starts reading every partition at
 * once) the watermark stays at the earliest event time seen. Pure: times are passed in, in epoch milliseconds.
 */
public final class SourceWatermark {

    private final long startupGraceMs;
    private final long silenceMs;
    private final long maxLagMs;
    private final Map<Integer, long[]> sources = new HashMap<>();
    private long latestMs = Long.MIN_VALUE;
    private long earliestMs = Long.MAX_VALUE;
    private long firstWallMs = Long.MIN_VALUE;

    /**
     * @param startupGrace how long after the first record the watermark waits at the earliest event time seen
     * @param silence      how long a source may stay silent (wall clock) before its position moves with the clock
     * @param maxLag       how far behind the latest event time the watermark may stay
     */
    public SourceWatermark(Duration startupGrace, Duration silence, Duration maxLag) {
        this.startupGraceMs = startupGrace.toMillis();
        this.silenceMs = silence.toMillis();
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
        if (wallMs - firstWallMs < startupGraceMs) {
            return OptionalLong.of(earliestMs);
        }
        long earliest = Long.MAX_VALUE;
        for (long[] seen : sources.values()) {
            earliest = Math.min(earliest, seen[0] + Math.max(0, wallMs - seen[1] - silenceMs));
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
