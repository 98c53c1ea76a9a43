package io.faultline.sandbox.bench;

import io.faultline.common.events.NetworkElement;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.incidents.ExpectedOutage;
import io.faultline.testsupport.incidents.Incident;
import io.faultline.testsupport.incidents.Incidents;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./faultline bench detector}: the detector-service against a real broker, on the mixed alarm and
 * complaint load. Figures (one JSON line each on stdout, see {@link Metric}):
 * <ul>
 *   <li>{@code raw_producer_records_per_s}: one producer into the same broker, same settings, same records;</li>
 *   <li>{@code throughput_events_per_s}: the detector working through a backlog of weeks of ordinary operation
 *       ({@link ThroughputPhase}), and {@code throughput_ratio_to_raw};</li>
 *   <li>{@code latency_p50_ms}, {@code latency_p99_ms}: from the complaint that completes a surge to the outage
 *       event, under a steady live load ({@link LatencyPhase}); {@code alarm_latency_*} the same for alarms;</li>
 *   <li>{@code detection_delay_s.<incident>}: event time from onset to detection per incident of the library
 *       ({@link ScenarioPhase}).</li>
 * </ul>
 * The goals of the issue are judged at the end. docs/BENCHMARKS.md explains every figure.
 */
public final class DetectorBench {

    static final double THROUGHPUT_GOAL_RATIO = 0.40;
    static final double LATENCY_GOAL_P99_MS = 1000;

    /**
     * Sizes and knobs of a run; {@link #defaults(Path)} is the documented full-size run.
     *
     * @param root                 repository root (exec jars under it)
     * @param workDir              broker data, detector state and logs; emptied at start
     * @param partitions           partitions of every topic
     * @param backlogRecords       records of history in the backlog
     * @param rawRecords           records the raw producer sends
     * @param drainTimeout         how long the detector may take over the backlog before the throughput is
     *                             reported as a lower bound and the latency phase is skipped
     * @param liveEventsPerSecond  background rate of the live load
     * @param surgeProbes          complaint-surge probes
     * @param alarmProbes          alarm probes
     * @param surgePerMinute       distinct complainants per event-time minute of a surge probe
     * @param liveWarmup           live load before the first probe
     * @param probeSpacing         between probe starts
     * @param probeTimeout         a probe not detected within this counts as missed
     * @param timeScale            event time per wall time in the live phase (1 = faithful)
     * @param scenarios            incident names to replay, empty for none
     * @param replayWarmup         real-time replay before an incident's onset
     * @param replaySpeed          event time per wall time in the real-time part of a replay (1 = faithful)
     * @param detectorJavaOptions  JVM options of the detector
     * @param streamsFloor         whether to measure the Kafka Streams floor ({@link StreamsFloorMain}) on the backlog
     * @param seed                 seed of the generated load
     */
    public record Options(Path root, Path workDir, int partitions, long backlogRecords, long rawRecords,
                          Duration drainTimeout, double liveEventsPerSecond, int surgeProbes, int alarmProbes,
                          double surgePerMinute,
                          Duration liveWarmup, Duration probeSpacing, Duration probeTimeout, double timeScale,
                          List<String> scenarios, Duration replayWarmup, double replaySpeed,
                          List<String> detectorJavaOptions, boolean streamsFloor, long seed) {

        public static Options defaults(Path root) {
            return new Options(root, root.resolve("target").resolve("bench").resolve("detector"), 6, 1_500_000,
                    1_500_000, Duration.ofMinutes(20), 5_000, 40, 10, 30, Duration.ofSeconds(30),
                    Duration.ofSeconds(3), Duration.ofMinutes(5), 1, Incidents.NAMES, Duration.ofSeconds(30), 1,
                    List.of("-Xms1g", "-Xmx1g"), true, 42);
        }

        /** Usage of the options, one per line. */
        public static String usage() {
            return """
                      --events N                 backlog records (history) for the throughput figure [1500000]
                      --raw-records N            records of the raw producer figure [same as --events]
                      --partitions P             partitions of every topic [6]
                      --drain-timeout-minutes M  time the detector gets for the backlog [20]
                      --live-rate R              live background records per second [5000]
                      --surge-probes K           complaint-surge probes for the latency figures [40]
                      --alarm-probes K           alarm probes [10]
                      --surge-per-minute N       distinct complainants per minute of a surge probe [30]
                      --warmup-seconds S         live load before the first probe [30]
                      --probe-spacing-seconds S  between probe starts [3]
                      --probe-timeout-seconds S  a probe not detected within S counts as missed [300]
                      --time-scale X             live event time runs X times faster than wall time [1]
                      --scenarios all|none|A,B   incidents to replay for detection delay [all]
                      --replay-warmup-seconds S  real-time replay before an incident's onset [30]
                      --replay-speed X           event time per wall time while replaying in real time [1]
                      --detector-java-options S  JVM options of the detector ["-Xms1g -Xmx1g"]
                      --streams-floor true|false measure the Kafka Streams floor on the backlog [true]
                      --work-dir DIR             broker data, state and logs [target/bench/detector]
                      --seed N                   seed of the generated load [42]
                    """;
        }

        /** Parses {@code --name value} options over the {@linkplain #defaults defaults}. */
        public static Options parse(Path root, String[] args) {
            Options d = defaults(root);
            Path workDir = d.workDir;
            int partitions = d.partitions;
            long backlogRecords = d.backlogRecords;
            Long rawRecords = null;
            Duration drainTimeout = d.drainTimeout;
            double liveEventsPerSecond = d.liveEventsPerSecond;
            int surgeProbes = d.surgeProbes;
            int alarmProbes = d.alarmProbes;
            double surgePerMinute = d.surgePerMinute;
            Duration liveWarmup = d.liveWarmup;
            Duration probeSpacing = d.probeSpacing;
            Duration probeTimeout = d.probeTimeout;
            double timeScale = d.timeScale;
            List<String> scenarios = d.scenarios;
            Duration replayWarmup = d.replayWarmup;
            double replaySpeed = d.replaySpeed;
            List<String> javaOptions = d.detectorJavaOptions;
            boolean streamsFloor = d.streamsFloor;
            long seed = d.seed;
            for (int i = 0; i < args.length; i += 2) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String v = args[i + 1];
                switch (name) {
                    case "--events" -> backlogRecords = Long.parseLong(v);
                    case "--raw-records" -> rawRecords = Long.parseLong(v);
                    case "--partitions" -> partitions = Integer.parseInt(v);
                    case "--drain-timeout-minutes" ->
                            drainTimeout = Duration.ofSeconds(Math.round(Double.parseDouble(v) * 60));
                    case "--live-rate" -> liveEventsPerSecond = Double.parseDouble(v);
                    case "--surge-probes" -> surgeProbes = Integer.parseInt(v);
                    case "--alarm-probes" -> alarmProbes = Integer.parseInt(v);
                    case "--surge-per-minute" -> surgePerMinute = Double.parseDouble(v);
                    case "--warmup-seconds" -> liveWarmup = seconds(v);
                    case "--probe-spacing-seconds" -> probeSpacing = seconds(v);
                    case "--probe-timeout-seconds" -> probeTimeout = seconds(v);
                    case "--time-scale" -> timeScale = Double.parseDouble(v);
                    case "--scenarios" -> scenarios = scenarioNames(v);
                    case "--replay-warmup-seconds" -> replayWarmup = seconds(v);
                    case "--replay-speed" -> replaySpeed = Double.parseDouble(v);
                    case "--detector-java-options" -> javaOptions = Arrays.stream(v.trim().split("\\s+"))
                            .filter(option -> !option.isEmpty()).toList();
                    case "--streams-floor" -> streamsFloor = switch (v) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new IllegalArgumentException("--streams-floor takes true or false");
                    };
                    case "--work-dir" -> workDir = Path.of(v).toAbsolutePath();
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            Options options = new Options(root, workDir, partitions, backlogRecords,
                    rawRecords == null ? backlogRecords : rawRecords, drainTimeout, liveEventsPerSecond, surgeProbes,
                    alarmProbes, surgePerMinute, liveWarmup, probeSpacing, probeTimeout, timeScale, scenarios,
                    replayWarmup, replaySpeed, javaOptions, streamsFloor, seed);
            options.validate();
            return options;
        }

        private void validate() {
            if (partitions < 1 || backlogRecords < 1 || rawRecords < 1 || !drainTimeout.isPositive()
                    || liveEventsPerSecond <= 0
                    || surgeProbes < 0 || alarmProbes < 0 || surgeProbes + alarmProbes < 1 || surgePerMinute <= 0
                    || timeScale < 1 || replaySpeed < 1) {
                throw new IllegalArgumentException("sizes must be positive (at least one probe; time scale and "
                        + "replay speed at least 1): " + this);
            }
        }

        private static Duration seconds(String value) {
            return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        }

        private static List<String> scenarioNames(String value) {
            if (value.equals("all")) {
                return Incidents.NAMES;
            }
            if (value.equals("none")) {
                return List.of();
            }
            List<String> names = Arrays.stream(value.split(",")).map(String::trim).toList();
            for (String name : names) {
                if (!Incidents.NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown incident '" + name + "'; known: " + Incidents.NAMES);
                }
            }
            return names;
        }
    }

    private final Options options;
    private final BenchReport report;
    private final List<ScenarioPhase.Outcome> outcomes = new ArrayList<>();

    public DetectorBench(Options options, BenchReport report) {
        this.options = options;
        this.report = report;
    }

    /**
     * Runs every phase, prints the figures as they come and the goals at the end. Two runs cannot share a work
     * directory: the second one fails at once instead of deleting the first one's broker under its feet.
     */
    public void run() throws Exception {
        WorkDir.exclusively(options.workDir(), this::runPhases);
    }

    private void runPhases() throws Exception {
        report.progress(String.format("%d partitions, backlog %,d records, live load %,.0f records/s, %d surge and "
                        + "%d alarm probes, %d incident(s); work dir %s", options.partitions(),
                options.backlogRecords(), options.liveEventsPerSecond(), options.surgeProbes(),
                options.alarmProbes(), options.scenarios().size(), options.workDir()));
        report.progress(String.format("machine: %d cores, JDK %s, load average %.2f", Runtime.getRuntime()
                .availableProcessors(), Runtime.version(), loadAverage()));
        DetectorProcess.Launcher launcher = DetectorProcess.Launcher.ofBuiltJar(options.root(), options.workDir(),
                options.detectorJavaOptions(), Duration.ofMinutes(3));
        report.progress("detector under test: " + launcher.jar() + " (copied from the build)");
        BenchNetwork network = new BenchNetwork(options.surgeProbes(), options.alarmProbes());
        try (BenchBroker broker = BenchBroker.start(options.workDir().resolve("kafka"), options.partitions())) {
            MixedLoad load = new MixedLoad(network, options.seed());
            measureThroughput(broker, launcher, network, load);
        }
        measureDetectionDelays(launcher);
        judgeGoals();
        report.printSummary();
    }

    private void measureThroughput(BenchBroker broker, DetectorProcess.Launcher launcher, BenchNetwork network,
                                   MixedLoad load) throws Exception {
        ThroughputPhase throughput = new ThroughputPhase(broker, report::progress);
        MixedLoad sampleLoad = new MixedLoad(network, options.seed() + 1);
        List<ProducerRecord<String, byte[]>> sample = ThroughputPhase.sample(() -> sampleLoad.live(Instant.now()),
                20_000);
        report.progress(String.format("raw producer: %,d records (mean value %d bytes) to %s...",
                options.rawRecords(), meanValueSize(sample), ThroughputPhase.RAW_TOPIC));
        double raw = throughput.rawProducer(sample, options.rawRecords());
        report.metric("raw_producer_records_per_s", raw, "records/s");

        Path detectorDir = options.workDir().resolve("detector");
        Instant historyEnd = Instant.now();
        Instant inventoryTime = historyEnd.minus(Duration.ofDays(365));
        List<NetworkElement> topology = network.topology(inventoryTime);
        report.progress("loading the topology (" + topology.size() + " elements) into a first detector run...");
        launcher.loadTopology(broker, detectorDir, topology);

        Instant historyStart = load.historyStartFor(options.backlogRecords(), historyEnd);
        double days = Duration.between(historyStart, historyEnd).toMillis() / (double) Duration.ofDays(1).toMillis();
        report.progress(String.format("producing the backlog: %.1f days of history (%s .. %s)...", days,
                historyStart, historyEnd));
        long[] perTopic = new long[2];
        try (LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
            load.history(historyStart, historyEnd, record -> {
                perTopic[record.topic().equals(Topics.NETWORK_ALARMS.name()) ? 0 : 1]++;
                producer.send(record);
            });
            producer.flush();
        }
        long backlog = perTopic[0] + perTopic[1];
        report.progress(String.format("backlog: %,d records, %,d complaints and %,d alarm records (%.1f%%)",
                backlog, perTopic[1], perTopic[0], 100.0 * perTopic[0] / backlog));

        if (options.streamsFloor()) {
            measureStreamsFloor(throughput, broker, raw);
        }
        report.progress("starting the detector on the backlog...");
        long startNanos = System.nanoTime();
        try (DetectorProcess detector = launcher.startReady(broker, detectorDir)) {
            long readyNanos = System.nanoTime();
            report.progress(String.format("detector ready in %.1f s; draining...", (readyNanos - startNanos) / 1e9));
            ThroughputPhase.Drain drain = throughput.drain(DetectorProcess.GROUP_ID, readyNanos, detector,
                    options.drainTimeout());
            report.progress(String.format("%s %,d records in %.1f s%s; load average %.2f",
                    drain.complete() ? "drained" : "TIME RAN OUT: fully processed at least", drain.records(),
                    drain.seconds(), drain.fromFirstCommit() ? " (from its first commit)"
                            : " (from readiness: the backlog was done before the first observation)", loadAverage()));
            report.metric("throughput_events_per_s", drain.perSecond(), "events/s");
            report.metric("throughput_ratio_to_raw", drain.perSecond() / raw, "ratio");
            report.metric("backlog_events", backlog, "events");
            report.metric("backlog_drained", drain.complete() ? 1 : 0, "boolean");
            if (drain.complete()) {
                measureLatency(broker, load, detector);
            } else {
                report.progress(String.format("latency not measured: the detector is still about %,d records behind "
                        + "on the backlog after %d min, so probes would only measure its queue",
                        drain.recordsBehind(), options.drainTimeout().toMinutes()));
            }
        }
    }

    /**
     * What a Kafka Streams application with the detector's settings and almost no work gets through the same
     * backlog: the ceiling of any detector built on Kafka Streams with exactly-once processing on this machine.
     */
    private void measureStreamsFloor(ThroughputPhase throughput, BenchBroker broker, double raw) throws Exception {
        for (String mode : StreamsFloor.MODES) {
            report.progress("Kafka Streams floor '" + mode + "' on the backlog...");
            ThroughputPhase.Drain drain = StreamsFloor.measure(throughput, broker, mode,
                    options.detectorJavaOptions(), options.workDir().resolve("streams-floor"),
                    options.drainTimeout());
            report.progress(String.format("floor '%s': %,d records in %.1f s%s", mode, drain.records(),
                    drain.seconds(), drain.complete() ? "" : " (TIME RAN OUT: a lower bound)"));
            report.metric("streams_floor_" + mode + "_events_per_s", drain.perSecond(), "events/s");
            report.metric("streams_floor_" + mode + "_ratio_to_raw", drain.perSecond() / raw, "ratio");
        }
    }

    private void measureLatency(BenchBroker broker, MixedLoad load, DetectorProcess detector) throws Exception {
        LatencyPhase.Settings settings = new LatencyPhase.Settings(options.liveEventsPerSecond(),
                options.surgeProbes(), options.alarmProbes(), options.surgePerMinute(), options.liveWarmup(),
                options.probeSpacing(), options.probeTimeout(), options.timeScale());
        report.progress(String.format("live load at %,.0f records/s; %d s warm-up, then a probe every %d s...",
                settings.eventsPerSecond(), settings.warmup().toSeconds(), settings.spacing().toSeconds()));
        LatencyPhase.Result result = new LatencyPhase(broker, load, settings, report::progress).run();
        if (!detector.isAlive()) {
            throw new IllegalStateException("the detector died during the live load; see " + detector.log());
        }
        report.progress(String.format("live phase done in %.0f s; load average %.2f", result.seconds(),
                loadAverage()));
        report.metric("live_load_events_per_s", result.backgroundPerSecond(), "events/s");
        if (result.surgeLatencies().size() > 0) {
            report.metric("latency_p50_ms", result.surgeLatencies().percentile(50), "ms");
            report.metric("latency_p99_ms", result.surgeLatencies().percentile(99), "ms");
        }
        report.metric("surge_probes_detected", result.surgeLatencies().size(), "count");
        report.metric("surge_probes_measured_by_fallback", result.surgeByFallback(), "count");
        if (result.alarmLatencies().size() > 0) {
            report.metric("alarm_latency_p50_ms", result.alarmLatencies().percentile(50), "ms");
            report.metric("alarm_latency_p99_ms", result.alarmLatencies().percentile(99), "ms");
        }
        report.metric("alarm_probes_detected", result.alarmLatencies().size(), "count");
        report.metric("live_other_outages_detected", result.otherOutages(), "count");
        report.metric("live_detector_lag_records", result.detectorLagRecords(), "records");
        if (result.surgeLatencies().size() < options.surgeProbes()) {
            report.progress(String.format("only %d of %d surge probes were detected within %d s",
                    result.surgeLatencies().size(), options.surgeProbes(), options.probeTimeout().toSeconds()));
        }
    }

    private void measureDetectionDelays(DetectorProcess.Launcher launcher) throws Exception {
        ScenarioPhase phase = new ScenarioPhase(new ScenarioPhase.Settings(launcher,
                options.workDir().resolve("incidents"), options.partitions(), options.replayWarmup(),
                options.replaySpeed(), Duration.ofSeconds(60)), report::progress);
        for (String name : options.scenarios()) {
            Incident incident = Incidents.named(name);
            if (incident.expected().isEmpty()) {
                report.progress(name + ": no outage expected, nothing to time (false outages are judged by the "
                        + "detector's compliance tests)");
                continue;
            }
            List<ScenarioPhase.Outcome> results = phase.run(incident);
            outcomes.addAll(results);
            if (results.stream().allMatch(ScenarioPhase.Outcome::detected)) {
                Duration worst = results.stream().map(ScenarioPhase.Outcome::delay).max(Comparator.naturalOrder())
                        .orElseThrow();
                report.metric("detection_delay_s." + name, worst.toMillis() / 1000.0, "s");
            }
        }
    }

    private void judgeGoals() {
        Double ratio = report.find("throughput_ratio_to_raw").map(Metric::value).orElse(null);
        report.goal("detector throughput / raw producer throughput", ">= " + THROUGHPUT_GOAL_RATIO, ratio,
                ratio != null && ratio >= THROUGHPUT_GOAL_RATIO);
        Double p99 = report.find("latency_p99_ms").map(Metric::value).orElse(null);
        boolean everyProbe = report.find("surge_probes_detected").map(Metric::value).orElse(0.0)
                >= options.surgeProbes();
        report.goal("surge-to-outage latency p99, ms (every surge probe detected)",
                "< " + (long) LATENCY_GOAL_P99_MS, p99, p99 != null && p99 < LATENCY_GOAL_P99_MS && everyProbe);
        for (ScenarioPhase.Outcome outcome : outcomes) {
            ExpectedOutage expected = outcome.expected();
            String where = expected.regions().isEmpty() ? String.join(",", expected.elements())
                    : expected.regions().size() > 2 ? expected.regions().size() + " regions"
                    : String.join(",", new TreeSet<>(expected.regions()));
            report.goal(String.format("detection delay s, %s: %s %s (%s)", outcome.incident(),
                            expected.services().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                            where, expected.alarmEvident() ? "alarm-evident" : "complaint-only"),
                    "<= " + outcome.budget().toSeconds(),
                    outcome.detected() ? outcome.delay().toMillis() / 1000.0 : null, outcome.withinBudget());
        }
    }

    /** The machine's one-minute load average: other work on the machine competes with the benchmark. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int meanValueSize(List<ProducerRecord<String, byte[]>> sample) {
        return (int) sample.stream().mapToInt(r -> r.value().length).average().orElse(0);
    }
}
