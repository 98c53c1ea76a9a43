package io.faultline.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

        BenchFigures figures = BenchFigures.parse(stdout.toString(StandardCharsets.UTF_8));
        JsonNode summary = figures.summary();
        assertThat(summary.get("summary").asString()).isEqualTo("compensation");
        assertThat(summary.get("goals").size()).isEqualTo(4);

        assertThat(figures.value("raw_producer_records_per_s", "records/s")).isPositive();
        assertThat(figures.value("subscriber_table_records_per_s", "records/s")).isPositive();
        assertThat(figures.value("preview_seconds", "s")).isPositive();
        assertThat(figures.value("credits_seconds", "s")).isPositive();
        assertThat(figures.value("credits_per_s", "records/s")).isPositive();
        assertThat(figures.value("heap_max_mb", "MB")).isPositive();
        double previewed = figures.value("credits_previewed", "records");
        assertThat(previewed).as("the default policy pays meridian pay-monthly lines: about 47% of the base")
                .isBetween(1_000.0, 2_000.0);
        assertThat(figures.value("credits_booked", "records")).isEqualTo(previewed);
        assertThat(figures.value("credits_on_topic", "records")).isEqualTo(previewed);
        assertThat(figures.names()).doesNotContain("preview_32m_seconds", "credits_32m_seconds");
    }
}
