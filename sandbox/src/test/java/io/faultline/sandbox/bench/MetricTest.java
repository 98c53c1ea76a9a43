package io.faultline.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.serde.EventJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void aMetricIsOneJsonLineWithAPlainNumber() {
        assertThat(new Metric("throughput_events_per_s", 123456.7049, "events/s").toJsonLine())
                .isEqualTo("{\"metric\": \"throughput_events_per_s\", \"value\": 123456.705, \"unit\": \"events/s\"}");
        assertThat(new Metric("latency_p99_ms", 2.0E7, "ms").toJsonLine())
                .isEqualTo("{\"metric\": \"latency_p99_ms\", \"value\": 20000000, \"unit\": \"ms\"}");
        assertThat(new Metric("detection_delay_s.o2-2018-data", 0.0, "s").toJsonLine())
                .isEqualTo("{\"metric\": \"detection_delay_s.o2-2018-data\", \"value\": 0, \"unit\": \"s\"}");
    }

    @Test
    void namesAreEscapedAndTheLineParses() {
        String line = new Metric("odd \"name\"", 0.25, "ratio").toJsonLine();
        assertThat(EventJson.readTree(line.getBytes(StandardCharsets.UTF_8)).get("metric").asString())
                .isEqualTo("odd \"name\"");
    }

    @Test
    void aMetricNeedsAFiniteValue() {
        assertThatThrownBy(() -> new Metric("x", Double.NaN, "ms")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Metric("x", Double.POSITIVE_INFINITY, "ms"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
