package io.faultline.sandbox.bench;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.Postgres;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./faultline bench compensation}: a national outage over a subscriber base on a real broker and PostgreSQL.
 * The base is published on {@code subscribers.v1} and stored by the service; then the outage is resolved. Every
 * grant waits for approval, so the two goals are timed apart: the liability preview (from the RESOLVED until the
 * approval request with its preview is recorded) and the grant (from the finance user's approval until every credit
 * is in the ledger and marked published on {@code credits.v1}), next to the raw producer throughput of the same
 * broker in the same run.
 */
public final class CompensationBench {

    static final long NATIONAL_BASE = 32_000_000L;
    static final double PREVIEW_GOAL_SECONDS = 60;
    static final double CREDITS_GOAL_SECONDS = 300;
    static final double HEAP_GOAL_MB = 512;
    private static final String OUTAGE_ID = "OUT-NATIONAL-COMPENSATION";

    /**
     * Options of a run.
     *
     * @param root        repository root (exec jars under it)
     * @param workDir     broker, database and logs; emptied at start
     * @param partitions  partitions of every topic
     * @param subscribers subscribers of the national base
     * @param rawRecords  records of the raw producer figure
     * @param timeout     how long each phase may take
     * @param javaOptions JVM options of the service
     */
    public record Options(Path root, Path workDir, int partitions, long subscribers, long rawRecords,
                          Duration timeout, List<String> javaOptions, Phase phases) {

        static Options parse(Path root, String[] args) {
            Path workDir = root.resolve("target").resolve("bench").resolve("compensation");
            int partitions = 6;
            long subscribers = NATIONAL_BASE;
            Long rawRecords = null;
            Duration timeout = Duration.ofMinutes(60);
            List<String> javaOptions = List.of("-Xms512m", "-Xmx512m");
            Phase phases = Phase.ALL;
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String v = args[++i];
                switch (name) {
                    case "--work-dir" -> workDir = Path.of(v).toAbsolutePath();
                    case "--partitions" -> partitions = Integer.parseInt(v);
                    case "--subscribers" -> subscribers = Long.parseLong(v.replace("_", ""));
                    case "--raw-records" -> rawRecords = Long.parseLong(v.replace("_", ""));
                    case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(v));
                    case "--java-options" -> javaOptions = Arrays.stream(v.trim().split("\\s+")).toList();
                    case "--phases" -> phases = switch (v) {
                        case "all" -> Phase.ALL;
                        case "preview" -> Phase.PREVIEW;
                        default -> throw new IllegalArgumentException("--phases is all or preview, was " + v);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (partitions < 1 || subscribers < 1) {
                throw new IllegalArgumentException("sizes must be positive");
            }
            return new Options(root, workDir, partitions, subscribers,
                    rawRecords == null ? Math.min(subscribers, 5_000_000L) : rawRecords, timeout, javaOptions, phases);
        }

        static String usage() {
            return """
                      --subscribers N            national base [32000000]
                      --raw-records N            records of the raw producer figure [min(subscribers, 5000000)]
                      --timeout S                seconds each phase may take [3600]
                      --partitions N             partitions of every topic [6]
                      --java-options "..."       service JVM options [-Xms512m -Xmx512m]
                      --phases all|preview       stop after the liability preview, without the grant [all]
                      --work-dir DIR             [target/bench/compensation]
                    """;
        }
    }

    /** How far a run goes. */
    public enum Phase {
        /** The preview, then the grant. */
        ALL,
        /** The preview only: no grant, no credit figure. */
        PREVIEW
    }

    private final Options options;
    private final BenchReport report;

    public CompensationBench(Options options, BenchReport report) {
        this.options = options;
        this.report = report;
    }

    /** Runs the benchmark, prints the figures as they come and the goals at the end; one run per work directory. */
    public void run() throws Exception {
        WorkDir.exclusively(options.workDir(), this::measure);
    }

    private void measure() throws Exception {
        Path dir = options.workDir();
        report.progress(String.format("machine: %d cores, JDK %s, load average %.2f; work dir %s",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage(), dir));
        Path jar = ChildJvm.copyBuiltJar(options.root(), CompensationProcess.NAME, dir);
        report.progress("compensation under test: " + jar + " (copied from the build), JVM " + options.javaOptions());
        long count = options.subscribers();
        BenchSubscribers base = BenchSubscribers.withTariffs("C-", BenchSubscribers.NATIONAL);
        try (BenchBroker broker = BenchBroker.start(dir.resolve("kafka"), options.partitions());
             Postgres postgres = Postgres.startEmbedded(0, dir.resolve("postgres"))) {
            String jdbcUrl = postgres.createDatabase("faultline");
            List<ProducerRecord<String, byte[]>> sample = new ArrayList<>();
            for (long i = 0; i < 20_000; i++) {
                sample.add(base.record(i));
            }
            report.progress(String.format("raw producer: %,d subscriber records...", options.rawRecords()));
            double raw = new ThroughputPhase(broker, report::progress).rawProducer(sample, options.rawRecords());
            report.metric("raw_producer_records_per_s", raw, "records/s");

            try (CompensationProcess service = CompensationProcess.startReady(jar, broker, postgres, jdbcUrl,
                    options.javaOptions(), dir)) {
                Database db = new Database(jdbcUrl, postgres);
                report.progress(String.format("publishing %,d subscribers; the service stores them...", count));
                long loadStart = System.nanoTime();
                try (LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
                    base.publish(count, producer::send);
                    producer.flush();
                }
                await("the subscriber table", service, () -> db.count("SELECT count(*) FROM subscriber") >= count);
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                report.progress(String.format("  stored in %.1f s (%,.0f subscribers/s)", loadSeconds,
                        count / loadSeconds));
                report.metric("subscriber_table_records_per_s", count / loadSeconds, "records/s");

                HeapSampler heap = new HeapSampler(service.metrics());
                report.progress(String.format("national outage resolved: DATA in %d regions, 20 hours...",
                        BenchSubscribers.NATIONAL.size()));
                long previewStart = System.nanoTime();
                publishResolved(broker);
                await("the liability preview", service, () -> db.count("SELECT count(*) FROM grant_approval"
                        + " WHERE outage_id = '" + OUTAGE_ID + "' AND status = 'PENDING'") == 1);
                double previewSeconds = (System.nanoTime() - previewStart) / 1e9;
                long credits = db.count("SELECT (liability->>'credits')::bigint FROM grant_approval WHERE outage_id = '"
                        + OUTAGE_ID + "'");
                long version = db.count("SELECT outage_version FROM grant_approval WHERE outage_id = '" + OUTAGE_ID
                        + "'");
                report.progress(String.format("  previewed in %.1f s: %,d credits, %s", previewSeconds, credits,
                        db.text("SELECT liability->>'totalMinorByCurrency' FROM grant_approval WHERE outage_id = '"
                                + OUTAGE_ID + "'")));
                report.metric("preview_seconds", previewSeconds, "s");
                report.metric("credits_previewed", credits, "records");
                if (count >= NATIONAL_BASE) {
                    report.metric("preview_32m_seconds", previewSeconds, "s");
                }

                if (options.phases() == Phase.PREVIEW) {
                    report.progress("  --phases preview: no grant");
                    report.metric("heap_max_mb", heap.stop(), "MB");
                    report.metric("heap_live_max_mb", heap.liveMaxMb(), "MB");
                } else {
                    long grantStart = System.nanoTime();
                    approve(service, version);
                    // Cheap polls: the run's status, then the outbox's pending rows (a partial index); the ledger is
                    // counted once at the end.
                    await("every credit in the ledger and on credits.v1", service,
                            () -> db.count("SELECT count(*) FROM outage_compensation WHERE outage_id = '" + OUTAGE_ID
                                    + "' AND status = 'COMPLETED'") > 0
                                    && db.count("SELECT count(*) FROM credit_outbox WHERE published_at IS NULL") == 0);
                    double creditSeconds = (System.nanoTime() - grantStart) / 1e9;
                    double heapMaxMb = heap.stop();
                    long booked = db.count("SELECT count(*) FROM credit");
                    report.progress(String.format("  %,d credits booked and published in %.1f s (%,.0f credits/s)",
                            booked, creditSeconds, booked / creditSeconds));
                    report.metric("credits_seconds", creditSeconds, "s");
                    if (count >= NATIONAL_BASE) {
                        report.metric("credits_32m_seconds", creditSeconds, "s");
                    }
                    report.metric("credits_per_s", booked / creditSeconds, "records/s");
                    report.metric("credits_ratio_to_raw", booked / creditSeconds / raw, "ratio");
                    report.metric("credits_booked", booked, "records");
                    long onTopic = broker.countCommittedRecords(Topics.CREDITS.name());
                    report.progress(String.format("  credits.v1 holds %,d committed credits", onTopic));
                    report.metric("credits_on_topic", onTopic, "records");
                    report.metric("heap_max_mb", heapMaxMb, "MB");
                    report.metric("heap_live_max_mb", heap.liveMaxMb(), "MB");
                }
            }
        }
        judgeGoals();
        report.printSummary();
    }

    private void judgeGoals() {
        boolean national = options.subscribers() >= NATIONAL_BASE;
        Double preview = report.find("preview_32m_seconds").map(Metric::value).orElse(null);
        report.goal("liability preview of a national outage over 32M subscribers (s)",
                "<= " + (int) PREVIEW_GOAL_SECONDS, preview, preview != null && preview <= PREVIEW_GOAL_SECONDS);
        Double credits = report.find("credits_32m_seconds").map(Metric::value).orElse(null);
        report.goal("every credit of that outage in the ledger and on credits.v1 (s)",
                "<= " + (int) CREDITS_GOAL_SECONDS, credits, credits != null && credits <= CREDITS_GOAL_SECONDS);
        Double booked = report.find("credits_booked").map(Metric::value).orElse(null);
        Double previewed = report.find("credits_previewed").map(Metric::value).orElse(null);
        Double onTopic = report.find("credits_on_topic").map(Metric::value).orElse(null);
        report.goal("credits on credits.v1 = credits in the ledger = credits previewed", "= " + previewed, onTopic,
                onTopic != null && onTopic.equals(booked) && onTopic.equals(previewed));
        Double heap = report.find("heap_max_mb").map(Metric::value).orElse(null);
        report.goal("service heap during preview and grant (MB)", "< " + (int) HEAP_GOAL_MB, heap,
                heap != null && heap < HEAP_GOAL_MB && national);
    }

    private void publishResolved(BenchBroker broker) {
        Instant end = Instant.now();
        Instant start = end.minus(Duration.ofHours(20));
        OutageSnapshot resolved = new OutageSnapshot(OUTAGE_ID, 2, "Mobile data unavailable", OutageSeverity.CRITICAL,
                new OutageScope(Set.of(Service.DATA), Set.copyOf(BenchSubscribers.NATIONAL), Set.of()), start,
                start.plusSeconds(300), end, new Evidence(List.of(), 1000, 10, 0.9), options.subscribers(), null);
        try (LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>(Topics.OUTAGES.name(), OUTAGE_ID,
                    EventJson.write(OutageEvent.of(OutageStatus.RESOLVED, end, resolved))));
            producer.flush();
        }
    }

    private void approve(CompensationProcess service, long version) throws Exception {
        String credentials = CompensationProcess.FINANCE_USER + ":" + CompensationProcess.FINANCE_PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                        + "/api/finance/outages/" + OUTAGE_ID + "/approval"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"outageVersion\":" + version
                        + ",\"decision\":\"APPROVE\",\"reason\":\"benchmark\"}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the approval was refused: " + response.statusCode() + " "
                    + response.body());
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private void await(String what, CompensationProcess service, Condition condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        long lastReport = start;
        while (!condition.holds()) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service died waiting for " + what + "; see " + service.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + options.timeout() + " for " + what + "; see "
                        + service.log());
            }
            if (System.nanoTime() - lastReport > 15_000_000_000L) {
                report.progress(String.format("  waiting for %s: %.0f s", what, (System.nanoTime() - start) / 1e9));
                lastReport = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }

    /** The benchmark's own connection to the service's database, for counting. */
    private record Database(String url, Postgres postgres) {

        long count(String sql) throws SQLException {
            String value = text(sql);
            return value == null ? 0 : Long.parseLong(value);
        }

        String text(String sql) throws SQLException {
            try (Connection db = DriverManager.getConnection(url, postgres.username(), postgres.password());
                 Statement statement = db.createStatement();
                 ResultSet rs = statement.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
