package io.faultline.detector.streams;

import io.faultline.detector.complaints.HourOfWeekBaseline;
import io.faultline.detector.complaints.SurgeDetector;
import io.faultline.detector.complaints.SourceWatermark;
import io.faultline.detector.complaints.SurgeDetectorState;
import io.faultline.detector.complaints.SurgeSettings;
import io.faultline.detector.complaints.SurgeStep;
import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.SurgeState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Adapts {@link SurgeDetector} to Kafka Streams for the complaints of one task, keyed by {@code region|SERVICE}.
 *
 * <p>Time: the task's clock is the {@link SourceWatermark} of the complaint topic's partitions that feed it (the
 * earliest position of those partitions, where a partition silent for longer than
 * {@link SurgeSettings#idleClose()} moves on with the wall clock), so that after a backlog a partition read ahead of
 * the others does not close buckets the others are still filling, and so that buckets close and surges end when
 * complaints stop altogether. With one partition it is that partition's latest complaint time. A complaint never
 * moves its own key's time: it is counted in its bucket, and only the clock closes buckets (on every complaint
 * for its key, and for every key on a wall-clock punctuation). The clock never goes back. The watermark and the
 * clock live in memory: after a restart, or when the task is revived after an aborted transaction (and reads again
 * what it had read since its last commit), they start again from the complaints read next; each key's own state
 * says which buckets are closed. Until the first complaint after a start the clock runs on from the task's stream
 * time once the quiet has lasted {@link SurgeSettings#idleClose()}, so a surge open before a restart still ends.
 */
final class ComplaintSurgeProcessor implements Processor<String, ComplaintSighting, String, ComplaintSurge> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ComplaintSurgeProcessor.class);
    private static final Duration LONGEST_PUNCTUATION_INTERVAL = Duration.ofSeconds(10);
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** After the first complaint, how long the clock waits for the partitions not heard from yet. */
    static final Duration STARTUP_GRACE = Duration.ofSeconds(30);
    /**
     * The clock never lags the latest complaint time by more than this, whatever a partition does. One fetch can
     * bring hours of a partition's backlog before another partition is read, so this is hours, not minutes.
     */
    static final Duration MAX_SOURCE_LAG = Duration.ofHours(6);

    private final SurgeSettings settings;
    private final SurgeDetector detector;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, ComplaintSurge> context;
    private KeyValueStore<String, SurgeDetectorState> states;
    private KeyValueStore<String, HourOfWeekBaseline> baselines;
    /**
     * Write-through copies of this task's detector states and baselines (one each per region and service, the
     * baseline ~10 KB of JSON), so that a complaint deserialises neither from its store; rebuilt from the stores
     * at every init, which Kafka Streams calls after restoring them. This task is their only writer.
     */
    private java.util.NavigableMap<String, SurgeDetectorState> stateCache = new java.util.TreeMap<>();
    private final java.util.Map<String, HourOfWeekBaseline> baselineCache = new java.util.HashMap<>();
    private KeyValueStore<String, Long> subscribersSeen;
    private long quietSinceWallClockMs = UNKNOWN;
    private long clockMs = UNKNOWN;
    private long lateComplaints;
    private SourceWatermark watermark;

    ComplaintSurgeProcessor(SurgeSettings settings) {
        this(settings, DetectorMetrics.NONE);
    }

    ComplaintSurgeProcessor(SurgeSettings settings, DetectorMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.detector = new SurgeDetector(settings);
    }

    @Override
    public void init(ProcessorContext<String, ComplaintSurge> context) {
        this.context = context;
        this.states = context.getStateStore(ComplaintSurgeTopology.SURGES_STORE);
        this.baselines = context.getStateStore(ComplaintSurgeTopology.BASELINES_STORE);
        this.baselineCache.clear();
        this.stateCache = StoreCopies.sortedCopyOf(states);
        forgetTime();
        this.subscribersSeen = context.getStateStore(ComplaintSurgeTopology.SUBSCRIBERS_SEEN_STORE);
        Duration interval = settings.bucket().compareTo(LONGEST_PUNCTUATION_INTERVAL) < 0
                ? settings.bucket() : LONGEST_PUNCTUATION_INTERVAL;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::closeBuckets);
    }

    @Override
    public void process(Record<String, ComplaintSighting> record) {
        ComplaintSighting complaint = record.value();
        if (complaint == null || record.key() == null) {
            return;
        }
        long wallClockMs = context.currentSystemTimeMs();
        watermark.observe(complaint.source(), complaint.time().toEpochMilli(), wallClockMs);
        advanceClock(watermark.at(wallClockMs).getAsLong());
        String key = record.key();
        SurgeDetectorState state = stateCache.get(key);
        if (state == null) {
            state = SurgeDetectorState.initial(complaint.region(), complaint.service());
        }
        HourOfWeekBaseline baseline = baselineOf(key);
        SurgeStep step = detector.onTime(state, Instant.ofEpochMilli(clockMs), baseline);
        Instant time = complaint.time();
        Instant bucketStart = settings.bucketStart(time);
        // The detector keeps no bucket older than the retention, but the subscribers seen must say so too.
        boolean seenStillKept = !bucketStart.isBefore(Instant.ofEpochMilli(clockMs).minus(settings.retention()));
        if (detector.keeps(step.state(), time) && seenStillKept) {
            String seenKey = seenKey(bucketStart.toEpochMilli(), key, complaint.subscriberId());
            boolean firstInBucket = subscribersSeen.get(seenKey) == null;
            if (firstInBucket) {
                subscribersSeen.put(seenKey, bucketStart.toEpochMilli());
            }
            step = step.then(detector.countComplaint(step.state(), time, firstInBucket, step.baseline()));
        } else {
            lateComplaints++;
            metrics.complaintTooLate(complaint.region(), complaint.service());
            log.debug("Complaint {} too late for surge detection: its bucket {} is closed and no longer kept",
                    complaint.complaintId(), bucketStart);
        }
        apply(key, state, baseline, step);
    }

    /**
     * Starts the clock again from the complaints to come. Kafka Streams calls {@link #init} again on the same
     * instance when it revives a task after an aborted transaction (exactly-once): the stores go back to the last
     * commit and the complaints since are read again, so a clock kept from before would have closed their buckets
     * with nothing counted (they would be learned as zero and their complaints refused as late).
     */
    private void forgetTime() {
        watermark = new SourceWatermark(STARTUP_GRACE, settings.idleClose(), MAX_SOURCE_LAG);
        clockMs = UNKNOWN;
        quietSinceWallClockMs = UNKNOWN;
    }

    /** Closes the buckets the clock has passed, on every key of the task, and forgets old subscribers seen. */
    private void closeBuckets(long wallClockMs) {
        List<KeyValue<String, SurgeDetectorState>> all = new ArrayList<>();
        stateCache.forEach((key, state) -> all.add(KeyValue.pair(key, state)));
        long streamTime = context.currentStreamTimeMs();
        OptionalLong mark = watermark.at(wallClockMs);
        long base;
        if (mark.isPresent()) {
            base = mark.getAsLong();
        } else {
            // No complaint since the task started: the clock runs on from what is known once the quiet lasts.
            if (quietSinceWallClockMs == UNKNOWN) {
                quietSinceWallClockMs = wallClockMs;
            }
            long known = streamTime >= 0 ? streamTime : Math.max(clockMs, latestClosedUntil(all));
            if (known == UNKNOWN) {
                return;
            }
            base = known + Math.max(0, wallClockMs - quietSinceWallClockMs - settings.idleClose().toMillis());
        }
        advanceClock(base);
        if (log.isDebugEnabled()) {
            log.debug("Surge clock of task {}: clock {}, base {}, stream time {}, {} late complaints, {}",
                    context.taskId(), Instant.ofEpochMilli(clockMs), Instant.ofEpochMilli(base), streamTime,
                    lateComplaints, watermark);
        }
        Instant now = Instant.ofEpochMilli(clockMs);
        for (KeyValue<String, SurgeDetectorState> entry : all) {
            HourOfWeekBaseline baseline = baselineOf(entry.key);
            apply(entry.key, entry.value, baseline, detector.onTime(entry.value, now, baseline));
        }
        forgetSubscribersSeenBefore(clockMs - settings.retention().toMillis());
    }

    private void advanceClock(long candidateMs) {
        clockMs = Math.max(clockMs, candidateMs);
    }

    private HourOfWeekBaseline baselineOf(String key) {
        return baselineCache.computeIfAbsent(key, k -> {
            HourOfWeekBaseline stored = baselines.get(k);
            return stored == null ? HourOfWeekBaseline.empty() : stored;
        });
    }

    private void apply(String key, SurgeDetectorState previousState, HourOfWeekBaseline previousBaseline,
                       SurgeStep step) {
        if (step.state() != previousState) {
            states.put(key, step.state());
            stateCache.put(key, step.state());
        }
        if (step.baseline() != previousBaseline) {
            baselines.put(key, step.baseline());
            baselineCache.put(key, step.baseline());
        }
        for (ComplaintSurge signal : step.signals()) {
            if (signal.state() != SurgeState.CONTINUING) {
                log.info("Complaint surge {} for {}: {} distinct complainants in the bucket of {} against {} expected",
                        signal.state(), key, signal.uniqueComplainants(), signal.bucketStart(),
                        String.format("%.1f", signal.baseline()));
            }
            context.forward(new Record<>(key, signal, signal.at().toEpochMilli()));
        }
    }

    private void forgetSubscribersSeenBefore(long horizonMs) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> old = subscribersSeen.range("", bucketPrefix(horizonMs))) {
            old.forEachRemaining(entry -> expired.add(entry.key));
        }
        expired.forEach(subscribersSeen::delete);
    }

    private static long latestClosedUntil(List<KeyValue<String, SurgeDetectorState>> all) {
        return all.stream().map(entry -> entry.value.closedUntil()).filter(java.util.Objects::nonNull)
                .mapToLong(Instant::toEpochMilli).max().orElse(UNKNOWN);
    }

    /** Key of a subscriber seen in a bucket, ordered by bucket start so that old buckets are forgotten by range. */
    static String seenKey(long bucketStartMs, String key, String subscriberId) {
        return bucketPrefix(bucketStartMs) + "|" + key + "|" + subscriberId;
    }

    private static String bucketPrefix(long epochMs) {
        String digits = Long.toString(Math.max(0, epochMs));
        return "0".repeat(Math.max(0, 15 - digits.length())) + digits;
    }
}
