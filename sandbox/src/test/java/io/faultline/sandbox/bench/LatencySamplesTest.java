package io.faultline.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    @Test
    void percentilesAreNearestRank() {
        LatencySamples samples = new LatencySamples();
        for (long ms = 100; ms >= 1; ms--) {
            samples.add(ms);
        }
        assertThat(samples.percentile(50)).isEqualTo(50);
        assertThat(samples.percentile(99)).isEqualTo(99);
        assertThat(samples.percentile(100)).isEqualTo(100);
        assertThat(samples.percentile(0.5)).isEqualTo(1);
    }

    @Test
    void withFewSamplesP99IsTheWorst() {
        LatencySamples samples = new LatencySamples();
        samples.add(420);
        samples.add(180);
        samples.add(950);
        assertThat(samples.percentile(50)).isEqualTo(420);
        assertThat(samples.percentile(99)).isEqualTo(950);
    }

    @Test
    void noSampleNoPercentile() {
        assertThatThrownBy(() -> new LatencySamples().percentile(50)).isInstanceOf(IllegalStateException.class);
    }
}
