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
 * Smoke test of {@code ./faultline bench detector} with tiny sizes against the detector's exec jar (built by
 * {@code package}, before failsafe runs): every line on stdout is JSON, every figure is plausible, and every probe
 * injected into the live load was detected and timed. It says nothing about how fast the detector is.
 */
class DetectorBenchIT {

    private static final int SURGE_PROBES = 3;
    private static final int ALARM_PROBES = 2;

    private Path workDir;

    @AfterEach
    void deleteWorkDir() throws Exception {
        if (workDir != null) {
            WorkDir.deleteRecursively(workDir);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aTinyRunPrintsEveryFigureAsOneJsonLineAndTimesEveryProbe() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        workDir = Files.createTempDirectory("faultline-bench");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        BenchReport report = new BenchReport("detector", new PrintStream(stdout, true, StandardCharsets.UTF_8),
                System.err);
        DetectorBench.Options options = DetectorBench.Options.parse(root, new String[] {
                "--work-dir", workDir.toString(), "--events", "5000", "--raw-records", "10000",
                "--live-rate", "1000", "--surge-probes", String.valueOf(SURGE_PROBES),
                "--alarm-probes", String.valueOf(ALARM_PROBES), "--warmup-seconds", "3",
                "--probe-spacing-seconds", "1", "--probe-timeout-seconds", "60", "--time-scale", "10",
                "--scenarios", "none"});

        new DetectorBench(options, report).run();

        BenchFigures figures = BenchFigures.parse(stdout.toString(StandardCharsets.UTF_8));
        JsonNode summary = figures.summary();
        assertThat(summary.get("summary").asString()).isEqualTo("detector");
        assertThat(summary.get("pass").isBoolean()).isTrue();
        assertThat(summary.get("goals").size()).isGreaterThanOrEqualTo(2);

        assertThat(figures.value("raw_producer_records_per_s", "records/s")).isPositive();
        assertThat(figures.value("throughput_events_per_s", "events/s")).isPositive();
        assertThat(figures.value("throughput_ratio_to_raw", "ratio")).isPositive();
        for (String mode : StreamsFloor.MODES) {
            assertThat(figures.value("streams_floor_" + mode + "_events_per_s", "events/s")).isPositive();
            assertThat(figures.value("streams_floor_" + mode + "_ratio_to_raw", "ratio")).isPositive();
        }
        assertThat(figures.value("backlog_events", "events")).isBetween(4_000.0, 6_000.0);
        assertThat(figures.value("backlog_drained", "boolean")).as("a tiny backlog is worked through")
                .isEqualTo(1);
        assertThat(figures.value("live_load_events_per_s", "events/s")).isGreaterThan(500);
        assertThat(figures.value("surge_probes_measured_by_fallback", "count"))
                .isBetween(0.0, (double) SURGE_PROBES);
        assertThat(figures.value("surge_probes_detected", "count")).as("every surge probe timed")
                .isEqualTo(SURGE_PROBES);
        assertThat(figures.value("alarm_probes_detected", "count")).as("every alarm probe timed")
                .isEqualTo(ALARM_PROBES);
        double p50 = figures.value("latency_p50_ms", "ms");
        double p99 = figures.value("latency_p99_ms", "ms");
        assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
        assertThat(p99).isLessThan(60_000);
        double alarmP50 = figures.value("alarm_latency_p50_ms", "ms");
        assertThat(alarmP50).isPositive().isLessThanOrEqualTo(figures.value("alarm_latency_p99_ms", "ms"));
    }
}
