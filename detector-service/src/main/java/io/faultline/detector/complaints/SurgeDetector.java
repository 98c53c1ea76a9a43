package io.faultline.detector.complaints;

import io.faultline.detector.complaints.SurgeDetectorState.BucketCount;
import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.SurgeState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Detects complaint surges of one (region, service) from its distinct complainants per bucket, against an
 * {@link HourOfWeekBaseline}. A pure state machine: the caller stores the state and the baseline, says whether a
 * complaint is the first of its subscriber in its bucket, and passes time in.
 *
 * <p><b>Entry.</b> At each counted complaint the detector tests two entry windows ending with the complaint's
 * bucket: the short one of {@link SurgeSettings#surgeBuckets()} buckets (a sharp rise) and the long one of
 * {@link SurgeSettings#quietBuckets()} buckets (a surge building up more slowly). A still-open bucket is counted so
 * far and expected only for the share of it elapsed. A window is abnormal when its distinct complainants reach
 * {@link SurgeSettings#minCount()}, fall in at least two of its buckets (a duration, not a burst), and have an
 * upper-tail probability of at most {@link SurgeSettings#entrySignificance()} under the baseline. An abnormal
 * window starts a surge at once, at the complaint that completed the condition: counts only grow, so the verdict
 * cannot be undone. No surge starts before the baseline has learned {@link SurgeSettings#warmUpBuckets()} buckets.
 *
 * <p><b>Exit.</b> Each closed bucket of a surge ends an exit window of the last {@link SurgeSettings#quietBuckets()}
 * closed buckets, all within the surge. When that window is no longer above its exit level (upper-tail probability
 * above {@link SurgeSettings#exitSignificance()}, a far lower level than the entry one: hysteresis) the surge ENDS
 * at the start of the window; otherwise the bucket is reported as CONTINUING.
 *
 * <p><b>Figures of the signals.</b> Each signal carries the window it is about: the entry window for STARTED, the
 * closed bucket alone for CONTINUING, the exit window for ENDED. {@code bucketStart} is the window start,
 * {@code uniqueComplainants} its total, {@code baseline} its expected total, {@code threshold} the total from which
 * it would be abnormal and {@code pValue} the upper-tail probability of its total. {@code onsetAt} is the first
 * bucket of the entry window that is high on its own (above the exit level), or else the first with more
 * complainants than expected.
 *
 * <p><b>Time and late complaints.</b> A bucket closes once the time given passes its end by
 * {@link SurgeSettings#lateness()}; a bucket without complaints closes like any other, with a count of zero. A
 * complaint counts in the bucket of its own event time when that bucket is open or among the last
 * {@link SurgeSettings#retainedBuckets()} closed ones; older complaints are not counted. Counted in a closed
 * bucket, a complaint can still make a window abnormal and start a surge, but changes nothing that was final when
 * the bucket closed (exit, CONTINUING, learning).
 *
 * <p><b>Learning.</b> A closed bucket teaches the baseline once every entry window holding it is closed
 * ({@code max(surgeBuckets, quietBuckets) - 1} buckets after its own closing), unless it belongs to a surge or
 * looks like the start of one: the bucket alone, or a window of either entry length holding it, reaches the
 * minimum count with an upper-tail probability of at most {@link SurgeSettings#learningSignificance()}. An outage
 * must not teach the baseline that outages are normal, not even while it is still building up. During the
 * warm-up every bucket is learned: a prior far below the real level must not lock the baseline out.
 */
public final class SurgeDetector {

    private final SurgeSettings settings;
    private final SurgeTest test;
    private final Duration bucket;
    private final int learningDelay;
    private final int rememberedClosedBuckets;

    public SurgeDetector(SurgeSettings settings) {
        this.settings = settings;
        this.test = SurgeTest.of(settings.test());
        this.bucket = settings.bucket();
        this.learningDelay = Math.max(settings.surgeBuckets(), settings.quietBuckets()) - 1;
        this.rememberedClosedBuckets = Math.max(settings.retainedBuckets(), 2 * learningDelay + 1);
    }

    public SurgeSettings settings() {
        return settings;
    }

    /**
     * One complaint: closes the buckets the complaint time leaves behind, then counts the complaint if it is the
     * first of its subscriber in its bucket and the bucket is still kept, and tests the entry windows.
     *
     * @param state                 detector state of the complaint's region and service
     * @param complaintTime         event time of the complaint
     * @param newSubscriberInBucket whether no complaint of the same subscriber was counted in that bucket yet
     * @param baseline              baseline of the region and service
     */
    public SurgeStep onComplaint(SurgeDetectorState state, Instant complaintTime, boolean newSubscriberInBucket,
                                 HourOfWeekBaseline baseline) {
        SurgeStep advanced = onTime(state, complaintTime, baseline);
        return advanced.then(countComplaint(advanced.state(), complaintTime, newSubscriberInBucket,
                advanced.baseline()));
    }

    /**
     * One complaint, counted without moving time: for a caller whose clock is not the complaint's time, such as a
     * watermark over several sources read at different paces, which a complaint of a source read ahead must not
     * push past buckets the others are still filling. Counts the complaint if it is the first of its subscriber in
     * its bucket and the bucket is still kept, and tests the entry windows; closes nothing. A state that has never
     * seen time first sees the complaint's.
     */
    public SurgeStep countComplaint(SurgeDetectorState state, Instant complaintTime, boolean newSubscriberInBucket,
                                    HourOfWeekBaseline baseline) {
        if (state.closedUntil() == null) {
            return onComplaint(state, complaintTime, newSubscriberInBucket, baseline);
        }
        if (!newSubscriberInBucket || !keeps(state, complaintTime)) {
            return new SurgeStep(state, baseline, List.of());
        }
        return count(state, complaintTime, baseline);
    }

    /**
     * Time passes: closes every bucket that ended at least the lateness before {@code now}. The first time a state
     * sees time, the buckets before the one holding {@code now} count as closed, and are never learned.
     */
    public SurgeStep onTime(SurgeDetectorState state, Instant now, HourOfWeekBaseline baseline) {
        if (state.closedUntil() == null) {
            Instant first = settings.bucketStart(now);
            return new SurgeStep(new SurgeDetectorState(state.region(), state.service(), first, first,
                    state.latestComplaintAt(), state.buckets(), null, null), baseline, List.of());
        }
        Instant horizon = now.minus(settings.lateness());
        if (state.closedUntil().plus(bucket).isAfter(horizon)) {
            return new SurgeStep(state, baseline, List.of());
        }
        return new Closing(state, baseline).closeUntil(horizon);
    }

    /** Whether a complaint at that time would still be counted: its bucket is open or a retained closed one. */
    public boolean keeps(SurgeDetectorState state, Instant complaintTime) {
        return state.closedUntil() == null || !settings.bucketStart(complaintTime)
                .isBefore(state.closedUntil().minus(bucket.multipliedBy(settings.retainedBuckets())));
    }

    /** The levels a single bucket starting at that instant is judged against with this baseline. */
    public SurgeLevels levels(HourOfWeekBaseline baseline, Instant bucketStart) {
        ExpectedCount expected = baseline.expected(bucketStart, settings);
        return new SurgeLevels(expected, entryThreshold(expected),
                Math.min(entryThreshold(expected), test.threshold(expected, settings.exitSignificance())),
                baseline.slotTrusted(bucketStart, settings));
    }

    private SurgeStep count(SurgeDetectorState state, Instant complaintTime, HourOfWeekBaseline baseline) {
        Instant start = settings.bucketStart(complaintTime);
        BucketIndex buckets = new BucketIndex(state.buckets());
        BucketCount previous = buckets.get(start);
        boolean inSurge = previous != null && previous.inSurge()
                || state.surging() && !start.isBefore(state.onsetAt());
        buckets.put(new BucketCount(start, previous == null ? 1 : previous.uniqueComplainants() + 1, inSurge));
        Instant latest = state.latestComplaintAt() == null || complaintTime.isAfter(state.latestComplaintAt())
                ? complaintTime : state.latestComplaintAt();
        SurgeDetectorState counted = new SurgeDetectorState(state.region(), state.service(), state.observedFrom(),
                state.closedUntil(), latest, buckets.values(), state.onsetAt(), state.runsFrom());
        boolean afterLastSurge = state.runsFrom() == null || !start.isBefore(state.runsFrom());
        if (state.surging() || !afterLastSurge || !warm(baseline)) {
            return new SurgeStep(counted, baseline, List.of());
        }
        Instant newest = settings.bucketStart(latest);
        Instant running = newest.isBefore(state.closedUntil()) ? null : newest;
        double runningShare = Math.min(1, (double) Duration.between(newest, latest).toMillis() / bucket.toMillis());
        Function<Instant, ExpectedCount> expectation = expectation(baseline);
        for (int length : entryWindowLengths()) {
            Duration span = bucket.multipliedBy(length - 1L);
            for (Instant end = start; !end.isAfter(newest) && !end.isAfter(start.plus(span)); end = end.plus(bucket)) {
                Instant windowStart = end.minus(span);
                if (state.runsFrom() != null && windowStart.isBefore(state.runsFrom())
                        || total(buckets, windowStart, length) < settings.minCount()) {
                    continue;
                }
                Window window = window(buckets, windowStart, length, expectation, running, runningShare);
                if (window.abnormal(settings, test)) {
                    return start(counted, buckets, window, complaintTime, baseline);
                }
            }
        }
        return new SurgeStep(counted, baseline, List.of());
    }

    private SurgeStep start(SurgeDetectorState counted, BucketIndex buckets, Window window,
                            Instant complaintTime, HourOfWeekBaseline baseline) {
        Instant newest = settings.bucketStart(counted.latestComplaintAt());
        for (Instant start = window.start(); !start.isAfter(newest); start = start.plus(bucket)) {
            BucketCount counts = buckets.get(start);
            buckets.put(new BucketCount(start, counts == null ? 0 : counts.uniqueComplainants(), true));
        }
        SurgeDetectorState surging = new SurgeDetectorState(counted.region(), counted.service(),
                counted.observedFrom(), counted.closedUntil(), counted.latestComplaintAt(),
                buckets.values(), onset(buckets, window), counted.runsFrom());
        return new SurgeStep(surging, baseline,
                List.of(signal(surging, SurgeState.STARTED, complaintTime, window)));
    }

    /**
     * Estimated onset of the surge an abnormal window reveals: its first bucket that is high on its own (above the
     * exit level), else its first bucket with more complainants than expected.
     */
    private Instant onset(BucketIndex buckets, Window window) {
        Instant aboveExpected = null;
        for (int i = 0; i < window.length(); i++) {
            Instant start = window.start().plus(bucket.multipliedBy(i));
            BucketCount counts = buckets.get(start);
            long count = counts == null ? 0 : counts.uniqueComplainants();
            ExpectedCount expected = window.expectedPerBucket().get(i);
            if (count > 0 && test.upperTail(count, expected) <= settings.exitSignificance()) {
                return start;
            }
            if (aboveExpected == null && count > expected.mean()) {
                aboveExpected = start;
            }
        }
        return aboveExpected == null ? window.start() : aboveExpected;
    }

    /** The window of {@code length} closed (or treated as complete) buckets from {@code start}. */
    private Window window(BucketIndex buckets, Instant start, int length,
                          Function<Instant, ExpectedCount> expectation) {
        return window(buckets, start, length, expectation, null, 1);
    }

    /**
     * The window of {@code length} buckets from {@code start}, where the bucket {@code running} (null: none) is
     * expected only for the given share of it: a bucket still open, counted up to its latest complaint.
     */
    private Window window(BucketIndex buckets, Instant start, int length,
                          Function<Instant, ExpectedCount> expectation, Instant running, double runningShare) {
        List<ExpectedCount> parts = new ArrayList<>(length);
        long total = 0;
        int busy = 0;
        for (int i = 0; i < length; i++) {
            Instant bucketStart = start.plus(bucket.multipliedBy(i));
            ExpectedCount expected = expectation.apply(bucketStart);
            if (bucketStart.equals(running)) {
                expected = expected.scaled(runningShare);
            }
            parts.add(expected);
            BucketCount counts = buckets.get(bucketStart);
            long count = counts == null ? 0 : counts.uniqueComplainants();
            total += count;
            busy += count > 0 ? 1 : 0;
        }
        return new Window(start, length, total, busy, ExpectedCount.sum(parts), List.copyOf(parts));
    }

    /** The short entry window, then the long one (the exit window) for surges that build up more slowly. */
    private int[] entryWindowLengths() {
        return settings.quietBuckets() > settings.surgeBuckets()
                ? new int[] {settings.surgeBuckets(), settings.quietBuckets()} : new int[] {settings.surgeBuckets()};
    }

    /** Whether the baseline has learned enough since its cold start to call surges (and to refuse buckets). */
    private boolean warm(HourOfWeekBaseline baseline) {
        return baseline.learnedBuckets() >= settings.warmUpBuckets();
    }

    /**
     * Complainants counted in a window: below the minimum count a window is neither abnormal nor suspicious, which
     * spares most windows of a quiet key the expectation and the tail test.
     */
    private long total(BucketIndex buckets, Instant start, int length) {
        return buckets.total(start, start.plus(bucket.multipliedBy(length)));
    }

    /** What the baseline expects of each bucket, computed once per bucket. */
    private Function<Instant, ExpectedCount> expectation(HourOfWeekBaseline baseline) {
        Map<Instant, ExpectedCount> expected = new HashMap<>();
        return bucketStart -> expected.computeIfAbsent(bucketStart, start -> baseline.expected(start, settings));
    }

    private long entryThreshold(ExpectedCount expected) {
        return Math.max(settings.minCount(), test.threshold(expected, settings.entrySignificance()));
    }

    private ComplaintSurge signal(SurgeDetectorState state, SurgeState kind, Instant at, Window window) {
        return new ComplaintSurge(state.region(), state.service(), kind, at, state.onsetAt(), window.start(),
                window.total(), window.expected().mean(), entryThreshold(window.expected()),
                test.upperTail(window.total(), window.expected()));
    }

    /**
     * Buckets of a window with their total, how many hold complainants, their expected total and what is expected
     * of each.
     */
    private record Window(Instant start, int length, long total, int busyBuckets, ExpectedCount expected,
                          List<ExpectedCount> expectedPerBucket) {

        boolean abnormal(SurgeSettings settings, SurgeTest test) {
            return total >= settings.minCount() && busyBuckets >= Math.min(2, length)
                    && test.upperTail(total, expected) <= settings.entrySignificance();
        }

        /**
         * Whether the window is high enough not to be learned. The minimum count keeps a baseline that happens to
         * be low from refusing the buckets that would correct it.
         */
        boolean suspicious(SurgeSettings settings, SurgeTest test) {
            return total >= settings.minCount() && test.upperTail(total, expected) <= settings.learningSignificance();
        }
    }

    /** Closes buckets in order: exit windows and signals while surging, delayed learning otherwise. */
    private final class Closing {

        private final SurgeDetectorState origin;
        private final Function<Instant, ExpectedCount> expectation;
        private final HourOfWeekBaseline.Learner learner;
        private final BucketIndex buckets;
        private final List<ComplaintSurge> signals = new ArrayList<>();
        private final boolean warm;
        private Instant onsetAt;
        private Instant runsFrom;

        Closing(SurgeDetectorState origin, HourOfWeekBaseline baseline) {
            this.origin = origin;
            this.expectation = expectation(baseline);
            this.warm = warm(baseline);
            this.learner = baseline.learner(settings);
            this.buckets = new BucketIndex(origin.buckets());
            this.onsetAt = origin.onsetAt();
            this.runsFrom = origin.runsFrom();
        }

        SurgeStep closeUntil(Instant horizon) {
            Instant start = origin.closedUntil();
            while (!start.plus(bucket).isAfter(horizon)) {
                close(start);
                learn(start.minus(bucket.multipliedBy(learningDelay)));
                start = start.plus(bucket);
            }
            buckets.dropBefore(start.minus(bucket.multipliedBy(rememberedClosedBuckets)));
            SurgeDetectorState closed = new SurgeDetectorState(origin.region(), origin.service(),
                    origin.observedFrom(), start, origin.latestComplaintAt(), buckets.values(), onsetAt,
                    runsFrom);
            return new SurgeStep(closed, learner.result(), signals);
        }

        private void close(Instant start) {
            if (onsetAt == null || start.isBefore(onsetAt)) {
                return;
            }
            BucketCount counts = buckets.get(start);
            long count = counts == null ? 0 : counts.uniqueComplainants();
            buckets.put(new BucketCount(start, count, true));
            SurgeDetectorState surging = new SurgeDetectorState(origin.region(), origin.service(),
                    origin.observedFrom(), start.plus(bucket), origin.latestComplaintAt(), List.of(), onsetAt,
                    runsFrom);
            Instant exitStart = start.minus(bucket.multipliedBy(settings.quietBuckets() - 1L));
            if (!exitStart.isBefore(onsetAt)) {
                Window exit = window(buckets, exitStart, settings.quietBuckets(), expectation);
                if (test.upperTail(exit.total(), exit.expected()) > settings.exitSignificance()) {
                    signals.add(signal(surging, SurgeState.ENDED, exitStart, exit));
                    onsetAt = null;
                    runsFrom = start.plus(bucket);
                    return;
                }
            }
            signals.add(signal(surging, SurgeState.CONTINUING, start.plus(bucket),
                    window(buckets, start, 1, expectation)));
        }

        /**
         * Learns the bucket unless it belongs to a surge or looks like part of one building up: the bucket alone,
         * or a window of the entry or exit length holding it, is suspicious.
         */
        private void learn(Instant start) {
            if (start.isBefore(origin.observedFrom())) {
                return;
            }
            BucketCount counts = buckets.get(start);
            if (counts != null && counts.inSurge()) {
                return;
            }
            if (warm && suspicious(start)) {
                return;
            }
            learner.learn(start, counts == null ? 0 : counts.uniqueComplainants());
        }

        private boolean suspicious(Instant start) {
            for (int length : new int[] {1, settings.surgeBuckets(), settings.quietBuckets()}) {
                for (int shift = 0; shift < length; shift++) {
                    Instant windowStart = start.minus(bucket.multipliedBy(shift));
                    if (total(buckets, windowStart, length) >= settings.minCount()
                            && window(buckets, windowStart, length, expectation).suspicious(settings, test)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
