package io.faultline.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.serde.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What a benchmark printed on stdout, checked line by line as it is read: one JSON object per figure with exactly
 * {@code metric}, {@code value} and {@code unit}, each figure once, then the summary line.
 */
final class BenchFigures {

    private final Map<String, JsonNode> metrics;
    private final JsonNode summary;

    private BenchFigures(Map<String, JsonNode> metrics, JsonNode summary) {
        this.metrics = metrics;
        this.summary = summary;
    }

    static BenchFigures parse(String stdout) {
        List<String> lines = stdout.lines().toList();
        assertThat(lines).isNotEmpty();
        Map<String, JsonNode> metrics = new HashMap<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode metric = EventJson.readTree(line.getBytes(StandardCharsets.UTF_8));
            assertThat(List.copyOf(metric.propertyNames())).as(line).containsExactly("metric", "value", "unit");
            assertThat(metric.get("metric").isString()).as(line).isTrue();
            assertThat(metric.get("value").isNumber()).as(line).isTrue();
            assertThat(metric.get("unit").isString()).as(line).isTrue();
            assertThat(metrics.put(metric.get("metric").asString(), metric)).as("printed once: " + line).isNull();
        }
        return new BenchFigures(metrics, EventJson.readTree(lines.getLast().getBytes(StandardCharsets.UTF_8)));
    }

    /** The last line: {@code {"summary": component, "pass": ..., "goals": [...]}}. */
    JsonNode summary() {
        return summary;
    }

    /** The names of the figures printed. */
    Set<String> names() {
        return metrics.keySet();
    }

    /** A figure's value, checking that it was printed with this unit. */
    double value(String name, String unit) {
        assertThat(metrics).as("figures printed").containsKey(name);
        assertThat(metrics.get(name).get("unit").asString()).as(name + " unit").isEqualTo(unit);
        return metrics.get(name).get("value").asDouble();
    }
}
