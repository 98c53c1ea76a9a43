package io.faultline.detector.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceWatermarkTest {

    private static final long MINUTE = 60_000;
    private final SourceWatermark watermark = new SourceWatermark(Duration.ofSeconds(30), Duration.ofHours(1));

    @Test
    void nothingIsKnownBeforeTheFirstRecord() {
        assertThat(watermark.at(0)).isEmpty();
    }

    @Test
    void oneSourceIsItsOwnLatestEventTime() {
        watermark.observe(0, 10 * MINUTE, 1_000);
        watermark.observe(0, 12 * MINUTE, 1_100);
        watermark.observe(0, 11 * MINUTE, 1_200);

        assertThat(watermark.at(1_300)).hasValue(12 * MINUTE);
    }

    @Test
    void aSourceRunningAheadDoesNotCarryTheWatermarkPastOneThatLags() {
        watermark.observe(0, 50 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);

        assertThat(watermark.at(1_500)).hasValue(5 * MINUTE);

        watermark.observe(1, 20 * MINUTE, 2_000);
        assertThat(watermark.at(2_500)).hasValue(20 * MINUTE);
    }

    @Test
    void aSilentSourceStopsHoldingItBackAfterTheIdleness() {
        watermark.observe(0, 50 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);
        watermark.observe(0, 51 * MINUTE, 40_000);

        assertThat(watermark.at(40_000)).hasValue(51 * MINUTE);
    }

    @Test
    void noSourceLagsMoreThanTheMaximumLag() {
        watermark.observe(0, 200 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);

        assertThat(watermark.at(1_000)).hasValue(140 * MINUTE);
    }

    @Test
    void whenEverySourceIsSilentTheLatestEventTimeStands() {
        watermark.observe(0, 50 * MINUTE, 1_000);
        watermark.observe(1, 5 * MINUTE, 1_000);

        assertThat(watermark.at(100_000)).hasValue(50 * MINUTE);
    }
}
