package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.faultline.common.serde.EventJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HourOfWeekBaselineTest {

    /** A Monday, 10:00 UTC. */
    private static final Instant MONDAY_TEN = Instant.parse("2019-06-10T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private final SurgeSettings settings = SurgeSettings.defaults();

    @Test
    void coldStartExpectsThePriorAndKnowsHowLittleThatIsWorth() {
        ExpectedCount expected = HourOfWeekBaseline.empty().expected(MONDAY_TEN, settings);

        // prior 1 per bucket worth 1 bucket: the mean is uncertain by mean / weight = 1
        assertThat(expected.mean()).isEqualTo(1.0);
        assertThat(expected.meanVariance()).isEqualTo(1.0);
        assertThat(expected.variance()).isEqualTo(2.0);

        ExpectedCount confident = HourOfWeekBaseline.empty().expected(MONDAY_TEN, settings.withPrior(4, 40));
        assertThat(confident.mean()).isEqualTo(4.0);
        assertThat(confident.meanVariance()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void recentLevelLearnsTheActualLevelAndThePriorFades() {
        HourOfWeekBaseline baseline = learnedFromMondayTen(240, 4, 8);

        Instant next = MONDAY_TEN.plus(Duration.ofMinutes(240));
        ExpectedCount expected = baseline.expected(next, settings);
        assertThat(baseline.slotTrusted(next, settings)).isFalse();
        assertThat(baseline.learnedBuckets()).isEqualTo(240);
        assertThat(expected.mean()).isCloseTo(6.0, within(0.3));
        // counts alternating 4 and 8 vary by 4 around their mean; the learned uncertainty of the mean is small
        assertThat(expected.variance() - expected.meanVariance()).isCloseTo(4.0, within(0.5));
        assertThat(expected.meanVariance()).isLessThan(0.5);
    }

    @Test
    void aTrustedSlotIsTheExpectationOtherwiseTheRecentLevel() {
        HourOfWeekBaseline baseline = HourOfWeekBaseline.empty();
        for (int week = 0; week < 2; week++) {
            Instant hour = MONDAY_TEN.plus(WEEK.multipliedBy(week));
            for (int minute = 0; minute < 60; minute++) {
                baseline = baseline.learn(hour.plus(Duration.ofMinutes(minute)), 10, settings);
            }
            for (int minute = 60; minute < 120; minute++) {
                baseline = baseline.learn(hour.plus(Duration.ofMinutes(minute)), 2, settings);
            }
        }

        Instant mondayTenNextWeek = MONDAY_TEN.plus(WEEK.multipliedBy(2)).plus(Duration.ofMinutes(30));
        Instant tuesdayTen = MONDAY_TEN.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30));
        // 120 samples, each discounting the older ones by 1 - 1/480: a decayed weight of about 106 >= 90
        assertThat(baseline.slotWeights()[HourOfWeekBaseline.slotOf(MONDAY_TEN, ZoneOffset.UTC)])
                .isCloseTo(480 * (1 - Math.pow(1 - 1.0 / 480, 120)), within(1e-9));
        assertThat(baseline.slotTrusted(mondayTenNextWeek, settings)).isTrue();
        assertThat(baseline.expected(mondayTenNextWeek, settings).mean()).isCloseTo(10.0, within(0.1));
        assertThat(baseline.slotTrusted(MONDAY_TEN.plus(Duration.ofMinutes(60)), settings)).isTrue();
        assertThat(baseline.expected(MONDAY_TEN.plus(Duration.ofMinutes(60)), settings).mean())
                .isCloseTo(2.0, within(0.1));

        assertThat(baseline.slotTrusted(tuesdayTen, settings)).isFalse();
        ExpectedCount fallback = baseline.expected(tuesdayTen, settings);
        // the fast level is back near 2, the slow one still remembers the tens: the larger one stands in
        assertThat(fallback.mean()).isGreaterThan(baseline.recentMean()).isCloseTo(baseline.slowMean(), within(1e-3));
        assertThat(baseline.slowMean()).isBetween(2.5, 10.0);
    }

    @Test
    void aLullDoesNotDragTheExpectationDownAsFastAsTheFastLevel() {
        HourOfWeekBaseline baseline = HourOfWeekBaseline.empty();
        int minute = 0;
        for (; minute < 300; minute++) {
            baseline = baseline.learn(MONDAY_TEN.plus(Duration.ofMinutes(minute)), 3, settings);
        }
        for (int quiet = 0; quiet < 30; quiet++, minute++) {
            baseline = baseline.learn(MONDAY_TEN.plus(Duration.ofMinutes(minute)), 0, settings);
        }

        double fast = 3 * Math.pow(1 - settings.recentLevelFactor(), 30);
        assertThat(baseline.recentMean()).isCloseTo(fast, within(0.01));
        assertThat(baseline.expected(MONDAY_TEN.plus(Duration.ofMinutes(minute)), settings).mean())
                .isGreaterThan(2.0);
    }

    @Test
    void slotsAreHoursOfTheWeekInTheConfiguredZone() {
        assertThat(HourOfWeekBaseline.slotOf(Instant.parse("2019-06-10T00:00:00Z"), ZoneOffset.UTC)).isZero();
        assertThat(HourOfWeekBaseline.slotOf(Instant.parse("2019-06-16T23:59:59Z"), ZoneOffset.UTC)).isEqualTo(167);
        assertThat(HourOfWeekBaseline.slotOf(MONDAY_TEN, ZoneOffset.UTC)).isEqualTo(10);
        assertThat(HourOfWeekBaseline.slotOf(MONDAY_TEN, ZoneId.of("Europe/Paris"))).isEqualTo(12);
    }

    /**
     * A surge's buckets are never learned: hours later, the level from before it is as likely as ever, but far
     * less certain (the morning rise may have moved the ordinary level since). Within the usual learning delay
     * nothing changes.
     */
    @Test
    void aLevelThatHasNotLearnedForHoursIsLessCertainButNotLower() {
        HourOfWeekBaseline baseline = learnedFromMondayTen(60, 2, 4);
        Instant lastLearned = MONDAY_TEN.plus(Duration.ofMinutes(59));

        ExpectedCount usual = baseline.expected(lastLearned.plus(Duration.ofMinutes(15)), settings);
        ExpectedCount fresh = baseline.expected(lastLearned.plus(Duration.ofMinutes(1)), settings);
        ExpectedCount hoursLater = baseline.expected(lastLearned.plus(Duration.ofHours(4)), settings);

        assertThat(usual).isEqualTo(fresh);
        assertThat(hoursLater.mean()).isEqualTo(fresh.mean());
        double drift = 0.5 * fresh.mean();
        double agedHours = (4 * 60 - (5 + 11 + 5)) / 60.0;
        assertThat(hoursLater.meanVariance() - fresh.meanVariance()).isCloseTo(drift * drift * agedHours,
                within(1e-9));
        assertThat(hoursLater.variance()).isGreaterThan(fresh.variance());

        ExpectedCount aDayLater = baseline.expected(lastLearned.plus(Duration.ofHours(24)), settings);
        assertThat(aDayLater.meanVariance() - fresh.meanVariance()).as("capped at a standard deviation of the level")
                .isCloseTo(fresh.mean() * fresh.mean(), within(1e-9));
    }

    @Test
    void aBaselineStoredBeforeItsLastLearnedBucketWasRecordedDoesNotAge() {
        String stored = EventJson.writeString(HourOfWeekBaseline.empty().learn(MONDAY_TEN, 3, settings))
                .replaceAll(",?\"lastLearnedMs\":[0-9]+", "");

        HourOfWeekBaseline read = EventJson.read(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                HourOfWeekBaseline.class);

        assertThat(stored).doesNotContain("lastLearnedMs");
        assertThat(read.lastLearnedMs()).isZero();
        assertThat(read.expected(MONDAY_TEN.plus(Duration.ofHours(6)), settings).meanVariance())
                .isEqualTo(read.expected(MONDAY_TEN.plus(Duration.ofMinutes(1)), settings).meanVariance());
    }

    @Test
    void survivesAJsonRoundTripAsTheStoreWritesIt() {
        HourOfWeekBaseline baseline = HourOfWeekBaseline.empty();
        for (int minute = 0; minute < 90; minute++) {
            baseline = baseline.learn(MONDAY_TEN.plus(Duration.ofMinutes(minute)), minute % 5, settings);
        }

        HourOfWeekBaseline read = EventJson.read(EventJson.write(baseline), HourOfWeekBaseline.class);

        assertThat(read).isEqualTo(baseline);
        assertThat(read.expected(MONDAY_TEN, settings)).isEqualTo(baseline.expected(MONDAY_TEN, settings));
    }

    @Test
    void isAValueLearningNeverChangesTheOriginal() {
        HourOfWeekBaseline empty = HourOfWeekBaseline.empty();
        HourOfWeekBaseline learned = empty.learn(MONDAY_TEN, 7, settings);
        double[] exposed = learned.slotMeans();
        exposed[10] = 99;

        assertThat(empty).isEqualTo(HourOfWeekBaseline.empty());
        assertThat(learned.slotMeans()[10]).isEqualTo(7.0);
    }

    /** A baseline that learned {@code minutes} one-minute buckets from Monday 10:00, alternating the two counts. */
    private HourOfWeekBaseline learnedFromMondayTen(int minutes, long even, long odd) {
        HourOfWeekBaseline baseline = HourOfWeekBaseline.empty();
        for (int minute = 0; minute < minutes; minute++) {
            baseline = baseline.learn(MONDAY_TEN.plus(Duration.ofMinutes(minute)), minute % 2 == 0 ? even : odd,
                    settings);
        }
        return baseline;
    }
}
