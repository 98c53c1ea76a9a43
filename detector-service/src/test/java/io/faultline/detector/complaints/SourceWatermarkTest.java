package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceWatermarkTest {

    private static final long MINUTE = 60_000;
    /** 30 s of startup grace, 60 s of silence before a source's position moves with the clock, 1 h of lag. */
    private final SourceWatermark watermark = new SourceWatermark(Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofHours(1));

    @Test
    void nothingIsKnownBeforeTheFirstRecord() {
        assertThat(watermark.at(0)).isEmpty();
    }

    @Test
    void forTheStartupGraceAfterTheFirstRecordItWaitsForSourcesNotHeardYet() {
        watermark.observe(0, 10 * MINUTE, 1_000);
        watermark.observe(0, 40 * MINUTE, 2_000);

        assertThat(watermark.at(20_000)).hasValue(10 * MINUTE);

        watermark.observe(3, 15 * MINUTE, 25_000);
        assertThat(watermark.at(31_000)).hasValue(15 * MINUTE);
    }

    @Test
    void oneSourceIsItsOwnLatestEventTime() {
        watermark.observe(0, 10 * MINUTE, 1_000);
        watermark.observe(0, 12 * MINUTE, 31_100);
        watermark.observe(0, 11 * MINUTE, 31_200);

        assertThat(watermark.at(31_300)).hasValue(12 * MINUTE);
    }

    @Test
    void aSourceRunningAheadDoesNotCarryTheWatermarkPastOneThatLags() {
        watermark.observe(0, 50 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);
        watermark.observe(0, 50 * MINUTE, 31_000);
        watermark.observe(1, 5 * MINUTE, 31_000);

        assertThat(watermark.at(31_500)).hasValue(5 * MINUTE);

        watermark.observe(1, 20 * MINUTE, 32_000);
        assertThat(watermark.at(32_500)).hasValue(20 * MINUTE);
    }

    /**
     * The replay or a complaint feed that dumps hours at once: a source quiet for a while is read after another
     * that delivers an hour of complaints. It still holds the watermark where it stopped, not an hour later.
     */
    @Test
    void aQuietSourceStillHoldsTheWatermarkWhileAnotherDeliversHoursAtOnce() {
        watermark.observe(0, 10 * MINUTE, 1_000);
        watermark.observe(1, 10 * MINUTE, 1_000);
        watermark.observe(0, 60 * MINUTE, 45_000);

        assertThat(watermark.at(45_000)).hasValue(10 * MINUTE);
    }

    @Test
    void aSourceSilentForLongerThanTheAllowanceMovesOnWithTheWallClock() {
        watermark.observe(0, 50 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);
        watermark.observe(0, 51 * MINUTE, 100_000);

        assertThat(watermark.at(100_000)).hasValue(5 * MINUTE + 39_000);
        assertThat(watermark.at(61_000 + 10 * MINUTE)).hasValue(15 * MINUTE);
    }

    @Test
    void noSourceLagsMoreThanTheMaximumLag() {
        watermark.observe(0, 200 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 31_000);
        watermark.observe(0, 200 * MINUTE, 31_000);

        assertThat(watermark.at(31_000)).hasValue(140 * MINUTE);
    }

    @Test
    void whenEverySourceIsSilentTheWatermarkRunsOnWithTheWallClockPastTheLatestEventTime() {
        watermark.observe(0, 50 * MINUTE, 1_000);
        watermark.observe(1, 49 * MINUTE, 1_000);

        assertThat(watermark.at(61_000)).hasValue(49 * MINUTE);
        assertThat(watermark.at(61_000 + 3 * MINUTE)).hasValue(52 * MINUTE);
    }
}
