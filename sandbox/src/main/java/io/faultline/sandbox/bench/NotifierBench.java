package io.faultline.sandbox.bench;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.MailServer;
import io.faultline.testsupport.ReceivedSms;
import io.faultline.testsupport.SmscSimulator;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code ./faultline bench notifier}: the notifier-service against a real broker, SMSC simulator and mail sink.
 * Figures (one JSON line each on stdout, see {@link Metric}):
 * <ul>
 *   <li>{@code sms_per_s_cap_1000}, {@code sms_per_s_cap_5000}: submit_sm per second accepted by an SMSC capped at
 *       that rate, the notifier configured to the same cap, over the middle 80% of a send of about
 *       {@code --sms-seconds} at the cap; {@code sms_duplicates}: notices submitted more than once in both runs;
 *       {@code sms_throttled}: ESME_RTHROTTLED answers of the SMSC;</li>
 *   <li>{@code raw_producer_records_per_s}: one producer writing the subscriber records into the fan-out broker;</li>
 *   <li>{@code fanout_seconds} (and {@code fanout_32m_seconds} when the base has 32M subscribers): from the
 *       national outage's DETECTED event to every notice decided and enqueued (committed on the notice-requests
 *       topic); {@code fanout_records_per_s} and {@code fanout_ratio_to_raw};</li>
 *   <li>{@code heap_max_mb}: the largest heap in use the notifier reported during the fan-out, under its -Xmx.</li>
 * </ul>
 */
public final class NotifierBench {

    static final long NATIONAL_BASE = 32_000_000L;
    static final double FANOUT_GOAL_SECONDS = 180;
    static final double FANOUT_GOAL_RATIO = 0.40;
    static final double SMS_GOAL_SHARE_OF_CAP = 0.95;
    static final double HEAP_GOAL_MB = 512;
    private static final String SMPP_PASSWORD = "benchpw";
    /**
     * How often the fan-out's end is polled (two metric reads over HTTP each time): every 50 ms cost the notifier a
     * fifth as much CPU as its stream threads; 250 ms is still a 0.1% resolution of a 3-minute fan-out.
     */
    private static final Duration POLL = Duration.ofMillis(250);

    /**
     * Sizes and knobs of a run.
     *
     * @param root          repository root (exec jars under it)
     * @param workDir       brokers, notifier state and logs; emptied at start
     * @param partitions    partitions of every topic
     * @param subscribers   subscribers of the national base of the fan-out
     * @param rawRecords    records of the raw producer figure
     * @param smsCaps       SMSC caps to measure SMS throughput at
     * @param smsSeconds    length of each SMS send at its cap
     * @param fanoutTimeout how long the fan-out may take before it is reported as a lower bound
     * @param javaOptions   JVM options of the notifier
     * @param phases        "sms", "fanout" or both
     */
    public record Options(Path root, Path workDir, int partitions, long subscribers, long rawRecords,
                          List<Integer> smsCaps, int smsSeconds, Duration fanoutTimeout, List<String> javaOptions,
                          Set<String> phases) {

        static Options parse(Path root, String[] args) {
            Path workDir = root.resolve("target").resolve("bench").resolve("notifier");
            int partitions = 6;
            long subscribers = NATIONAL_BASE;
            Long rawRecords = null;
            List<Integer> caps = List.of(1_000, 5_000);
            int smsSeconds = 30;
            Duration fanoutTimeout = Duration.ofMinutes(30);
            List<String> javaOptions = List.of("-Xms512m", "-Xmx512m");
            Set<String> phases = Set.of("sms", "fanout");
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
                    case "--sms-caps" -> caps = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf)
                            .toList();
                    case "--sms-seconds" -> smsSeconds = Integer.parseInt(v);
                    case "--fanout-timeout" -> fanoutTimeout = Duration.ofSeconds(Long.parseLong(v));
                    case "--java-options" -> javaOptions = Arrays.stream(v.trim().split("\\s+")).toList();
                    case "--phases" -> phases = Set.copyOf(Arrays.stream(v.split(",")).map(String::trim).toList());
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (partitions < 1 || subscribers < 1 || smsSeconds < 1 || caps.stream().anyMatch(c -> c < 1)
                    || !Set.of("sms", "fanout").containsAll(phases) || phases.isEmpty()) {
                throw new IllegalArgumentException("sizes must be positive and --phases one of sms,fanout");
            }
            return new Options(root, workDir, partitions, subscribers,
                    rawRecords == null ? Math.min(subscribers, 5_000_000L) : rawRecords, caps, smsSeconds,
                    fanoutTimeout, javaOptions, phases);
        }

        static String usage() {
            return """
                      --subscribers N            national base of the fan-out [32000000]
                      --raw-records N            records of the raw producer figure [min(subscribers, 5000000)]
                      --sms-caps A,B             SMSC caps of the SMS runs [1000,5000]
                      --sms-seconds S            length of each SMS run at its cap [30]
                      --fanout-timeout S         seconds the fan-out may take [1800]
                      --partitions N             partitions of every topic [6]
                      --java-options "..."       notifier JVM options [-Xms512m -Xmx512m]
                      --phases sms,fanout        what to run [both]
                      --work-dir DIR             [target/bench/notifier]
                    """;
        }
    }

    private final Options options;
    private final BenchReport report;
    private long duplicates;
    private boolean smsMeasured;

    public NotifierBench(Options options, BenchReport report) {
        this.options = options;
        this.report = report;
    }

    /** Runs the phases, prints the figures as they come and the goals at the end; one run per work directory. */
    public void run() throws Exception {
        WorkDir.exclusively(options.workDir(), this::runPhases);
    }

    private void runPhases() throws Exception {
        report.progress(String.format("machine: %d cores, JDK %s, load average %.2f; work dir %s",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage(), options.workDir()));
        Path jar = NotifierProcess.copyBuiltJar(options.root(), options.workDir());
        report.progress("notifier under test: " + jar + " (copied from the build), JVM " + options.javaOptions());
        if (options.phases().contains("sms")) {
            for (int cap : options.smsCaps()) {
                measureSms(jar, cap);
            }
            report.metric("sms_duplicates", duplicates, "notices");
            smsMeasured = true;
        }
        if (options.phases().contains("fanout")) {
            measureFanOut(jar);
        }
        judgeGoals();
        report.printSummary();
    }

    private void measureSms(Path jar, int cap) throws Exception {
        Path dir = options.workDir().resolve("sms-" + cap);
        int audience = cap * options.smsSeconds();
        String region = "sms-bench-" + cap;
        report.progress(String.format("SMS at %,d/s: %,d subscribers in %s, SMSC capped at %,d/s...", cap, audience,
                region, cap));
        try (BenchBroker broker = BenchBroker.start(dir.resolve("kafka"), options.partitions());
             SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password(SMPP_PASSWORD)
                     .maxTps(cap).deliveryReceipts(true).receiptDelay(Duration.ofMillis(20)).start();
             MailServer mail = MailServer.start();
             NotifierProcess notifier = NotifierProcess.startReady(jar, broker, smsc, SMPP_PASSWORD, mail, cap,
                     options.javaOptions(), dir)) {
            BenchSubscribers base = new BenchSubscribers("S" + cap + "-", List.of(region));
            publish(broker, base, audience);
            broker.awaitCommitted(NotifierProcess.STREAMS_GROUP, List.of(Topics.SUBSCRIBERS.name()), notifier,
                    Duration.ofMinutes(10));
            Set<String> handsets = new HashSet<>();
            for (long i = 0; i < audience; i++) {
                Subscriber subscriber = base.subscriber(i);
                if (subscriber.contact().preferredChannel() != NoticeChannel.EMAIL) {
                    handsets.add(subscriber.msisdn());
                }
            }
            HeapSampler heap = new HeapSampler(notifier.metrics());
            publishOutage(broker, "OUT-SMS-" + cap, Set.of(region));
            long deadline = System.nanoTime() + Duration.ofSeconds(3L * options.smsSeconds() + 180).toNanos();
            // the count is kept by the simulator as submits arrive: copying 300,000 of them four times a second
            // (receivedDestinations) took the SMSC's lock and a share of the cores the run measures
            while (smsc.receivedDestinationCount() < handsets.size()) {
                if (System.nanoTime() > deadline || !notifier.isAlive()) {
                    throw new IllegalStateException(String.format("only %,d of %,d handsets reached; see %s",
                            smsc.receivedDestinationCount(), handsets.size(), notifier.log()));
                }
                Thread.sleep(250);
            }
            Thread.sleep(2_000);
            double heapMaxMb = heap.stop();
            List<ReceivedSms> received = smsc.received();
            List<Instant> times = received.stream().map(ReceivedSms::receivedAt).sorted().toList();
            int from = times.size() / 10;
            int to = times.size() * 9 / 10;
            double seconds = Duration.between(times.get(from), times.get(to)).toNanos() / 1e9;
            double perSecond = (to - from) / seconds;
            long firstParts = received.stream()
                    .filter(sms -> sms.concatenation().map(part -> part.sequence() == 1).orElse(true)).count();
            long distinct = received.stream().map(ReceivedSms::destinationAddr).distinct().count();
            duplicates += firstParts - distinct;
            report.progress(String.format("  %,d submit_sm for %,d handsets (%,d notices, %.2f parts each), "
                            + "%,d throttled; middle 80%% at %,.0f/s; all expected handsets reached: %s",
                    received.size(), distinct, firstParts, received.size() / (double) firstParts,
                    smsc.throttledCount(), perSecond, smsc.receivedDestinations().containsAll(handsets)));
            report.metric("sms_per_s_cap_" + cap, perSecond, "sms/s");
            report.metric("sms_throttled_cap_" + cap, smsc.throttledCount(), "responses");
            report.metric("heap_max_mb_sms_cap_" + cap, heapMaxMb, "MB");
            report.metric("heap_live_max_mb_sms_cap_" + cap, heap.liveMaxMb(), "MB");
        }
    }

    private void measureFanOut(Path jar) throws Exception {
        Path dir = options.workDir().resolve("fanout");
        long count = options.subscribers();
        BenchSubscribers base = new BenchSubscribers("N-", BenchSubscribers.NATIONAL);
        try (BenchBroker broker = BenchBroker.start(dir.resolve("kafka"), options.partitions())) {
            List<ProducerRecord<String, byte[]>> sample = new ArrayList<>();
            for (long i = 0; i < 20_000; i++) {
                sample.add(base.record(i));
            }
            report.progress(String.format("raw producer: %,d subscriber records (mean %d bytes)...",
                    options.rawRecords(), (int) sample.stream().mapToInt(r -> r.value().length).average()
                            .orElse(0)));
            double raw = new ThroughputPhase(broker, report::progress).rawProducer(sample, options.rawRecords());
            report.metric("raw_producer_records_per_s", raw, "records/s");

            report.progress(String.format("publishing %,d subscribers...", count));
            long publishStart = System.nanoTime();
            publish(broker, base, count);
            report.progress(String.format("  published in %.1f s", (System.nanoTime() - publishStart) / 1e9));
            try (SmscSimulator smsc = SmscSimulator.builder().systemId("faultline").password(SMPP_PASSWORD)
                    .deliveryReceipts(false).start();
                 MailServer mail = MailServer.start();
                 NotifierProcess notifier = NotifierProcess.startReady(jar, broker, smsc, SMPP_PASSWORD, mail, 1,
                         options.javaOptions(), dir)) {
                long loadStart = System.nanoTime();
                broker.awaitCommitted(NotifierProcess.STREAMS_GROUP, List.of(Topics.SUBSCRIBERS.name()), notifier,
                        options.fanoutTimeout());
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                report.progress(String.format("  the notifier stored the base in %.1f s (%,.0f subscribers/s)",
                        loadSeconds, count / loadSeconds));
                report.metric("subscriber_store_records_per_s", count / loadSeconds, "records/s");

                HeapSampler heap = new HeapSampler(notifier.metrics());
                report.progress(String.format("national outage: DATA in %d regions, %,d subscribers...",
                        BenchSubscribers.NATIONAL.size(), count));
                long start = System.nanoTime();
                publishOutage(broker, "OUT-NATIONAL", Set.copyOf(BenchSubscribers.NATIONAL));
                long[] end = new long[1];
                long enqueued = awaitNotices(broker, count, notifier, start, end);
                double seconds = (end[0] - start) / 1e9;
                double heapMaxMb = heap.stop();
                boolean complete = enqueued >= count;
                long onTopic = broker.countCommitted(NotifierProcess.NOTICE_REQUESTS, NotifierProcess::noticesIn);
                long records = broker.countCommittedRecords(NotifierProcess.NOTICE_REQUESTS);
                report.progress(String.format("  the notice-requests topic holds %,d committed requests in %,d "
                                + "records (%s)", onTopic, records,
                        onTopic == count ? "as many as subscribers" : "EXPECTED " + count));
                report.metric("fanout_committed_requests", onTopic, "records");
                report.progress(String.format("  %s %,d notices in %.1f s; load average %.2f",
                        complete ? "decided and enqueued" : "TIME RAN OUT after", enqueued, seconds, loadAverage()));
                report.metric("fanout_seconds", seconds, "s");
                if (count >= NATIONAL_BASE && complete) {
                    report.metric("fanout_32m_seconds", seconds, "s");
                }
                report.metric("fanout_records_per_s", enqueued / seconds, "records/s");
                report.metric("fanout_ratio_to_raw", enqueued / seconds / raw, "ratio");
                report.metric("heap_max_mb", heapMaxMb, "MB");
                report.metric("heap_live_max_mb", heap.liveMaxMb(), "MB");
            }
        }
    }

    /**
     * Waits until the notifier has decided {@code expected} notices (its own counter) and they are all committed on
     * the notice-requests topic: the topic's last stable offsets must first have passed the number of batches the
     * notifier emitted (they also count the transaction markers, so they cannot end the wait alone), then the
     * committed notices are counted from the records' headers. Returns the notices decided; the fan-out ends at
     * {@code end[0]}, the moment the last stable offsets had passed.
     */
    private long awaitNotices(BenchBroker broker, long expected, NotifierProcess notifier, long startNanos,
                              long[] end) throws Exception {
        long deadline = startNanos + options.fanoutTimeout().toNanos();
        long lastReport = System.nanoTime();
        long decided = 0;
        while (System.nanoTime() < deadline) {
            if (!notifier.isAlive()) {
                throw new IllegalStateException("the notifier died during the fan-out; see " + notifier.log());
            }
            decided = notifier.counter("faultline.notices.decided");
            if (decided >= expected
                    && committedRecordsAtMost(broker) >= notifier.counter("faultline.notice.batches")) {
                long passed = System.nanoTime();
                if (broker.countCommitted(NotifierProcess.NOTICE_REQUESTS, NotifierProcess::noticesIn) >= expected) {
                    end[0] = passed;
                    return decided;
                }
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                report.progress(String.format("  %,d notices after %.0f s", decided,
                        (System.nanoTime() - startNanos) / 1e9));
                lastReport = System.nanoTime();
            }
            Thread.sleep(POLL.toMillis());
        }
        end[0] = System.nanoTime();
        return decided;
    }

    private static long committedRecordsAtMost(BenchBroker broker) throws Exception {
        return broker.lastStableOffsets(List.of(NotifierProcess.NOTICE_REQUESTS)).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private void publish(BenchBroker broker, BenchSubscribers base, long count) {
        try (LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
            base.publish(count, producer::send);
            producer.flush();
        }
    }

    private void publishOutage(BenchBroker broker, String outageId, Set<String> regions) {
        Instant now = Instant.now();
        OutageSnapshot snapshot = new OutageSnapshot(outageId, 1, "Mobile data unavailable", OutageSeverity.CRITICAL,
                new OutageScope(Set.of(Service.DATA), regions, Set.of()), now.minusSeconds(300), now, null,
                new Evidence(List.of(), 1000, 10, 0.9), 0, null);
        try (LoadProducer producer = new LoadProducer(broker.bootstrapServers())) {
            producer.send(new ProducerRecord<>(Topics.OUTAGES.name(), outageId,
                    EventJson.write(OutageEvent.of(OutageStatus.DETECTED, now, snapshot))));
            producer.flush();
        }
    }

    private void judgeGoals() {
        if (smsMeasured) {
            for (int cap : options.smsCaps()) {
                Double rate = report.find("sms_per_s_cap_" + cap).map(Metric::value).orElse(null);
                report.goal("SMS per second against an SMSC capped at " + cap, ">= " + (int) (cap
                        * SMS_GOAL_SHARE_OF_CAP), rate, rate != null && rate >= cap * SMS_GOAL_SHARE_OF_CAP);
            }
            report.goal("notices submitted twice (throttling never turns into a duplicate)", "0",
                    (double) duplicates, duplicates == 0);
        }
        if (options.phases().contains("fanout")) {
            Double seconds = report.find("fanout_32m_seconds").map(Metric::value).orElse(null);
            report.goal("fan-out of a national outage over 32M subscribers (s)", "<= " + (int) FANOUT_GOAL_SECONDS,
                    seconds, seconds != null && seconds <= FANOUT_GOAL_SECONDS);
            Double requests = report.find("fanout_committed_requests").map(Metric::value).orElse(null);
            report.goal("committed notice requests = subscribers (none lost, none twice)",
                    "= " + options.subscribers(), requests, requests != null && requests == options.subscribers());
            Double ratio = report.find("fanout_ratio_to_raw").map(Metric::value).orElse(null);
            report.goal("fan-out records/s / raw producer records/s", ">= " + FANOUT_GOAL_RATIO, ratio,
                    ratio != null && ratio >= FANOUT_GOAL_RATIO);
            Double heap = report.find("heap_max_mb").map(Metric::value).orElse(null);
            report.goal("notifier heap during the fan-out (MB)", "< " + (int) HEAP_GOAL_MB, heap,
                    heap != null && heap < HEAP_GOAL_MB && options.subscribers() >= NATIONAL_BASE);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
