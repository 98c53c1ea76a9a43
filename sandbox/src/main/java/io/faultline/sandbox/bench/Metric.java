package io.faultline.sandbox.bench;

import io.faultline.common.serde.EventJson;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One figure of a benchmark. {@link #toJsonLine()} is the machine-readable form every benchmark prints on
 * stdout, one line per figure: {@code {"metric": "latency_p99_ms", "value": 412.5, "unit": "ms"}}.
 *
 * @param name  metric name, e.g. {@code throughput_events_per_s} or {@code detection_delay_s.o2-2018}
 * @param value a finite number
 * @param unit  unit of the value, e.g. {@code events/s}, {@code ms}, {@code s}, {@code ratio}
 */
public record Metric(String name, double value, String unit) {

    public Metric {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric " + name + " has no finite value: " + value);
        }
    }

    /** The metric as one JSON object on one line, the value rounded to three decimals. */
    public String toJsonLine() {
        return "{\"metric\": " + EventJson.writeString(name) + ", \"value\": " + formatValue(value) + ", \"unit\": "
                + EventJson.writeString(unit) + "}";
    }

    /** A number as JSON, rounded to three decimals, without exponent or trailing zeros. */
    static String formatValue(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }
}
