package io.faultline.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.serde.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Smoke test of {@code ./faultline bench compensation} with a tiny base against the service's exec jar: every line
 * on stdout is JSON, the preview and the grant are timed, and the credits previewed, booked and on
 * {@code credits.v1} are the same number. It says nothing about how fast the service is.
 */
class CompensationBenchIT {

    private Path workDir;

    @AfterEach
    void deleteWorkDir() throws Exception {
        if (workDir != null) {
            WorkDir.deleteRecursively(workDir);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aTinyRunTimesThePreviewAndTheGrantAndEveryCreditIsOnTheTopicOnce() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        workDir = Files.createTempDirectory("faultline-bench-compensation");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        BenchReport report = new BenchReport("compensation", new PrintStream(stdout, true, StandardCharsets.UTF_8),
                System.err);
        CompensationBench.Options options = CompensationBench.Options.parse(root, new String[] {
                "--work-dir", workDir.toString(), "--subscribers", "3000", "--raw-records", "10000",
                "--timeout", "120"});

        new CompensationBench(options, report).run();

        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        Map<String, JsonNode> metrics = new HashMap<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode metric = EventJson.readTree(line.getBytes(StandardCharsets.UTF_8));
            List<String> fields = new ArrayList<>(metric.propertyNames());
            assertThat(fields).as(line).containsExactly("metric", "value", "unit");
            assertThat(metrics.put(metric.get("metric").asString(), metric)).as("printed once: " + line).isNull();
        }
        JsonNode summary = EventJson.readTree(lines.getLast().getBytes(StandardCharsets.UTF_8));
        assertThat(summary.get("summary").asString()).isEqualTo("compensation");
        assertThat(summary.get("goals").size()).isEqualTo(4);

        assertThat(value(metrics, "raw_producer_records_per_s", "records/s")).isPositive();
        assertThat(value(metrics, "subscriber_table_records_per_s", "records/s")).isPositive();
        assertThat(value(metrics, "preview_seconds", "s")).isPositive();
        assertThat(value(metrics, "credits_seconds", "s")).isPositive();
        assertThat(value(metrics, "credits_per_s", "records/s")).isPositive();
        assertThat(value(metrics, "heap_max_mb", "MB")).isPositive();
        double previewed = value(metrics, "credits_previewed", "records");
        assertThat(previewed).as("the default policy pays meridian pay-monthly lines: about 47% of the base")
                .isBetween(1_000.0, 2_000.0);
        assertThat(value(metrics, "credits_booked", "records")).isEqualTo(previewed);
        assertThat(value(metrics, "credits_on_topic", "records")).isEqualTo(previewed);
        assertThat(metrics).doesNotContainKeys("preview_32m_seconds", "credits_32m_seconds");
    }

    private static double value(Map<String, JsonNode> metrics, String name, String unit) {
        assertThat(metrics).as("figures printed").containsKey(name);
        assertThat(metrics.get(name).get("unit").asString()).as(name + " unit").isEqualTo(unit);
        return metrics.get(name).get("value").asDouble();
    }
}
