package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Service;
import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.SurgeState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SurgeDetectorTest {

    /** A Tuesday, 10:00 UTC. */
    private static final Instant T = Instant.parse("2019-06-11T10:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final SurgeSettings settings = SurgeSettings.defaults();

    @Test
    void countsEachComplainingSubscriberOncePerBucket() {
        Feed feed = new Feed(settings, learnedAt(2));
        for (int repeat = 0; repeat < 5; repeat++) {
            for (String subscriber : List.of("S1", "S2", "S3")) {
                feed.complaint(T.plusSeconds(10 * repeat + 1), subscriber);
            }
        }
        feed.complaint(T.plusSeconds(70), "S1");

        assertThat(feed.state.buckets()).extracting(SurgeDetectorState.BucketCount::uniqueComplainants)
                .containsExactly(3L, 1L);
    }

    /**
     * A complaint read late (its partition read behind the others) that lands in a bucket before the entry window
     * of a surge already running leaves that bucket out of the surge: it is still learned as an ordinary one.
     */
    @Test
    void aComplaintCountedLateInABucketBeforeTheOnsetLeavesThatBucketOutOfTheSurge() {
        Feed feed = new Feed(settings, learnedAt(2));
        Instant onset = T.plus(MINUTE.multipliedBy(5));
        feed.evenly(T, onset, 2);
        feed.evenly(onset, onset.plus(MINUTE.multipliedBy(3)), 20);
        assertThat(feed.first(SurgeState.STARTED).onsetAt()).isEqualTo(onset);
        Instant beforeOnset = onset.minus(MINUTE.multipliedBy(4)).plusSeconds(30);

        SurgeStep late = feed.detector.countComplaint(feed.state, beforeOnset, true, feed.baseline);

        assertThat(late.state().buckets()).filteredOn(bucket -> bucket.start().equals(settings.bucketStart(
                beforeOnset))).singleElement().satisfies(bucket -> {
                    assertThat(bucket.uniqueComplainants()).isEqualTo(3);
                    assertThat(bucket.inSurge()).isFalse();
                });
        assertThat(late.state().buckets()).filteredOn(bucket -> !bucket.start().isBefore(onset))
                .allSatisfy(bucket -> assertThat(bucket.inSurge()).isTrue());
    }

    @Test
    void fewerComplainantsThanTheMinimumCountAreNoSurgeHoweverUnlikely() {
        Feed feed = new Feed(settings, learnedAt(0));
        feed.complaint(T.plusSeconds(5), "S1");
        feed.complaint(T.plusSeconds(6), "S2");
        feed.complaint(T.plusSeconds(65), "S3");
        feed.complaint(T.plusSeconds(66), "S4");
        assertThat(feed.signals).isEmpty();

        feed.complaint(T.plusSeconds(67), "S5");

        assertThat(feed.signals).singleElement().satisfies(started -> {
            assertThat(started.state()).isEqualTo(SurgeState.STARTED);
            assertThat(started.uniqueComplainants()).isEqualTo(5);
            assertThat(started.threshold()).isEqualTo(5);
            assertThat(started.at()).isEqualTo(T.plusSeconds(67));
        });
    }

    @Test
    void aBurstWithinOneBucketIsNoSurgeUntilComplaintsLast() {
        Feed feed = new Feed(settings, learnedAt(0));
        for (int i = 0; i < 20; i++) {
            feed.complaint(T.plusSeconds(i), "S" + i);
        }
        assertThat(feed.signals).isEmpty();

        feed.complaint(T.plusSeconds(61), "LATER");

        assertThat(feed.signals).singleElement().satisfies(started -> {
            assertThat(started.state()).isEqualTo(SurgeState.STARTED);
            assertThat(started.at()).isEqualTo(T.plusSeconds(61));
            assertThat(started.uniqueComplainants()).isEqualTo(21);
        });
    }

    @Test
    void aSurgeStartsMidBucketAtTheComplaintThatCompletesTheCondition() {
        Feed feed = new Feed(settings, learnedAt(2));
        Instant onset = T.plus(MINUTE.multipliedBy(5));
        feed.evenly(T, onset, 2);
        List<Instant> surgeComplaints = feed.evenly(onset, onset.plus(MINUTE.multipliedBy(5)), 15);

        ComplaintSurge started = feed.first(SurgeState.STARTED);
        assertThat(surgeComplaints).contains(started.at());
        assertThat(started.at()).isNotEqualTo(settings.bucketStart(started.at()));
        assertThat(started.uniqueComplainants()).isGreaterThanOrEqualTo(started.threshold());
        assertThat(started.pValue()).isLessThanOrEqualTo(settings.entrySignificance());
        assertThat(started.onsetAt()).isEqualTo(onset);
        assertThat(Duration.between(onset, started.at())).isLessThan(Duration.ofMinutes(2));
    }

    @Test
    void aSurgeLastsWhileComplaintsStayAboveTheExitLevelAndEndsAfterAQuietWindow() {
        Feed feed = new Feed(settings, learnedAt(2));
        Instant onset = T.plus(MINUTE.multipliedBy(5));
        Instant halfway = onset.plus(MINUTE.multipliedBy(15));
        Instant back = halfway.plus(MINUTE.multipliedBy(20));
        feed.evenly(T, onset, 2);
        feed.evenly(onset, halfway, 10);
        // twice the baseline: far from the entry level, still above the exit level over 10 buckets
        feed.evenly(halfway, back, 4);
        assertThat(feed.all(SurgeState.ENDED)).isEmpty();
        feed.evenly(back, back.plus(MINUTE.multipliedBy(30)), 2);

        assertThat(feed.all(SurgeState.STARTED)).hasSize(1);
        ComplaintSurge ended = feed.first(SurgeState.ENDED);
        assertThat(ended.at()).isBetween(back.minus(MINUTE.multipliedBy(5)), back.plus(MINUTE));
        assertThat(ended.onsetAt()).isEqualTo(onset);
        assertThat(ended.bucketStart()).isEqualTo(ended.at());
        assertThat(ended.pValue()).isGreaterThan(settings.exitSignificance());

        List<ComplaintSurge> continuing = feed.all(SurgeState.CONTINUING);
        assertThat(continuing).extracting(ComplaintSurge::bucketStart).doesNotHaveDuplicates()
                .allMatch(start -> !start.isBefore(onset));
        assertThat(continuing).allMatch(signal -> signal.at().equals(signal.bucketStart().plus(MINUTE)));
        long closedDuringSurge = Duration.between(onset, ended.at()).toMinutes() + settings.quietBuckets() - 1;
        assertThat(continuing).hasSize((int) closedDuringSurge);
    }

    @Test
    void theBaselineLearnsNothingFromASurge() {
        Feed feed = new Feed(settings, learnedAt(2));
        Instant onset = T.plus(MINUTE.multipliedBy(20));
        Instant end = onset.plus(Duration.ofHours(2));
        feed.evenly(T, onset, 2);
        HourOfWeekBaseline before = feed.baseline;
        feed.evenly(onset, end, 10);

        assertThat(feed.state.surging()).isTrue();
        // only buckets closed before the onset were learned since, not a single one of the surge
        assertThat(feed.baseline.learnedBuckets() - before.learnedBuckets())
                .isLessThanOrEqualTo(settings.lateness().toMinutes() + settings.quietBuckets());
        assertThat(feed.baseline.expected(end, settings).mean()).isBetween(1.9, 2.1);
    }

    @Test
    void lateComplaintsCountInAClosedBucketThatIsStillKeptAndCanStartASurge() {
        Feed feed = new Feed(settings, learnedAt(2));
        feed.evenly(T, T.plus(MINUTE.multipliedBy(10)), 2);
        Instant late = T.plus(MINUTE.multipliedBy(3));
        assertThat(feed.state.closedUntil()).isAfterOrEqualTo(late.plus(MINUTE));
        assertThat(feed.detector.keeps(feed.state, late)).isTrue();
        assertThat(feed.detector.keeps(feed.state, T.minus(MINUTE.multipliedBy(10)))).isFalse();

        SurgeDetectorState beforeTooLate = feed.state;
        feed.complaint(T.minus(MINUTE.multipliedBy(10)), "WAY-TOO-LATE");
        assertThat(feed.state).isEqualTo(beforeTooLate);

        for (int i = 0; i < 30 && feed.signals.isEmpty(); i++) {
            feed.complaint(late.plusSeconds(4L * i), "LATE-" + i);
        }
        ComplaintSurge started = feed.first(SurgeState.STARTED);
        assertThat(started.at()).isBefore(late.plus(MINUTE.multipliedBy(2)));
        assertThat(started.onsetAt()).isBeforeOrEqualTo(late);
    }

    @Test
    void bucketsCloseWithTimeAloneSoASurgeEndsWhenComplaintsStop() {
        Feed feed = new Feed(settings, learnedAt(2));
        Instant onset = T.plus(MINUTE.multipliedBy(5));
        Instant silence = onset.plus(MINUTE.multipliedBy(10));
        feed.evenly(T, onset, 2);
        feed.evenly(onset, silence, 12);
        assertThat(feed.state.surging()).isTrue();

        feed.idleUntil(silence.plus(Duration.ofMinutes(30)));

        ComplaintSurge ended = feed.first(SurgeState.ENDED);
        assertThat(ended.at()).isBetween(silence.minus(MINUTE.multipliedBy(3)), silence.plus(MINUTE));
        assertThat(feed.state.surging()).isFalse();
    }

    @Test
    void noSurgeBeforeTheBaselineHasWarmedUp() {
        Feed feed = new Feed(settings, HourOfWeekBaseline.empty());
        feed.evenly(T, T.plus(MINUTE.multipliedBy(20)), 30);

        assertThat(feed.signals).isEmpty();
        assertThat(feed.baseline.learnedBuckets()).isPositive().isLessThan(settings.warmUpBuckets());
    }

    @ParameterizedTest
    @EnumSource(SurgeTestKind.class)
    void fiveTimesABaselineOfFourAMinuteIsDetectedWithinThreeMinutesOfOnset(SurgeTestKind kind) {
        for (long seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            Feed feed = new Feed(settings.withTest(kind), HourOfWeekBaseline.empty());
            Instant onset = T.plus(Duration.ofHours(1)).plusSeconds(random.nextInt(60));
            feed.poisson(random, T, onset, at -> 4.0);
            feed.poisson(random, onset, onset.plus(MINUTE.multipliedBy(5)), at -> 20.0);

            ComplaintSurge started = feed.first(SurgeState.STARTED);
            assertThat(started.at()).as("seed %d", seed).isBetween(onset, onset.plus(Duration.ofMinutes(3)));
        }
    }

    /**
     * A day of complaints whose rate rises and falls smoothly by a factor of about 3.4 around its mean (from the
     * steepest rise, where a learning baseline lags most), for a quiet, a middling and a busy key, from a cold
     * start with the default settings.
     */
    @ParameterizedTest
    @EnumSource(SurgeTestKind.class)
    void anOrdinaryDiurnalDayFromAColdStartHasNoSurge(SurgeTestKind kind) {
        for (double mean : new double[] {0.5, 2, 6}) {
            Random random = new Random(42);
            Feed feed = new Feed(settings.withTest(kind), HourOfWeekBaseline.empty());
            Instant end = T.plus(Duration.ofDays(1));
            feed.poisson(random, T, end, at -> mean * (1 + 0.55 * Math.sin(
                    2 * Math.PI * Duration.between(T, at).toSeconds() / 86_400.0)));
            feed.idleUntil(end.plus(Duration.ofMinutes(30)));

            assertThat(feed.signals).as("mean %s a minute", mean).isEmpty();
            assertThat(feed.baseline.learnedBuckets()).isGreaterThan(1_300);
        }
    }

    /** A baseline that learned two hours of exactly {@code perBucket} complainants a minute. */
    private HourOfWeekBaseline learnedAt(long perBucket) {
        HourOfWeekBaseline baseline = HourOfWeekBaseline.empty();
        Instant from = T.minus(Duration.ofHours(2));
        for (int minute = 0; minute < 120; minute++) {
            baseline = baseline.learn(from.plus(MINUTE.multipliedBy(minute)), perBucket, settings);
        }
        return baseline;
    }

    /** Feeds one (region, service) like the stream processor: dedupe per bucket, time passing every 10 s. */
    private static final class Feed {

        final SurgeSettings settings;
        final SurgeDetector detector;
        final Set<String> seen = new HashSet<>();
        final List<ComplaintSurge> signals = new ArrayList<>();
        SurgeDetectorState state = SurgeDetectorState.initial("north", Service.DATA);
        HourOfWeekBaseline baseline;
        Instant clock;
        int subscribers;

        Feed(SurgeSettings settings, HourOfWeekBaseline baseline) {
            this.settings = settings;
            this.detector = new SurgeDetector(settings);
            this.baseline = baseline;
        }

        void complaint(Instant at, String subscriber) {
            idleUntil(at);
            boolean first = detector.keeps(state, at) && seen.add(settings.bucketStart(at) + "|" + subscriber);
            apply(detector.onComplaint(state, at, first, baseline));
        }

        /** Complaints from new subscribers at a steady pace, {@code perMinute} a minute, in [from, to). */
        List<Instant> evenly(Instant from, Instant to, int perMinute) {
            List<Instant> times = new ArrayList<>();
            long stepMillis = 60_000 / perMinute;
            for (Instant at = from.plusMillis(stepMillis / 2); at.isBefore(to); at = at.plusMillis(stepMillis)) {
                complaint(at, "S" + subscribers++);
                times.add(at);
            }
            return times;
        }

        /** Complaints from new subscribers as a Poisson process of the given rate a minute, in [from, to). */
        void poisson(Random random, Instant from, Instant to, java.util.function.Function<Instant, Double> perMinute) {
            for (Instant second = from; second.isBefore(to); second = second.plusSeconds(1)) {
                double perSecond = perMinute.apply(second) / 60;
                for (int i = poissonDraw(random, perSecond); i > 0; i--) {
                    complaint(second.plusMillis(random.nextInt(1000)), "S" + subscribers++);
                }
            }
        }

        /** Lets time pass until {@code until}, in steps of 10 s as the processor's punctuation does. */
        void idleUntil(Instant until) {
            if (clock == null) {
                clock = until;
            }
            while (clock.isBefore(until)) {
                clock = clock.plusSeconds(10).isAfter(until) ? until : clock.plusSeconds(10);
                apply(detector.onTime(state, clock, baseline));
            }
        }

        ComplaintSurge first(SurgeState kind) {
            return all(kind).stream().findFirst().orElseThrow(() -> new AssertionError("no " + kind + " in "
                    + signals));
        }

        List<ComplaintSurge> all(SurgeState kind) {
            return signals.stream().filter(signal -> signal.state() == kind).toList();
        }

        private void apply(SurgeStep step) {
            state = step.state();
            baseline = step.baseline();
            signals.addAll(step.signals());
        }

        private static int poissonDraw(Random random, double mean) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int count = 0;
            while (product > limit) {
                count++;
                product *= random.nextDouble();
            }
            return count;
        }
    }
}
