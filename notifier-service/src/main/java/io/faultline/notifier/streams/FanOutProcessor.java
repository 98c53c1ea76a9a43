package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticePlanner;
import io.faultline.notifier.policy.NoticeRequest;
import io.faultline.notifier.policy.StagePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * For one outage event, scans the subscribers of this task's partition and emits each owed notice once.
 * Vulnerable subscribers are emitted first: a lane of their own, their own store scanned to its end before the
 * whole base is; there the notices the first lane decided are found in the decided store and not emitted again (so
 * a subscriber flagged vulnerable while the job runs, or missing from the vulnerable store, is still told). An event
 * older than the latest version already handled for the outage is superseded and ignored, so "we are
 * investigating" never follows "resolved".
 *
 * <p>The scan is a {@link FanOutJob} in a changelog-backed store, advanced by at most {@code chunkSize}
 * subscribers at a time: the first chunk when the event arrives, the next ones on a wall-clock punctuation, each
 * followed by a commit request. A partition of millions of subscribers is therefore told over many short
 * exactly-once transactions instead of one that would outlive the transaction timeout, and a restart resumes from
 * the last committed chunk. The notices to deliver leave in batches of at most {@code batchSize} ({@link NoticeBatch}),
 * each chunk's last batch emitted before its commit, so a chunk's notices and its told range commit together. A
 * newer told stage of the same outage replaces a job still under way: customers the
 * earlier stage had not reached yet are told only the newer one (a customer reached only after the resolution is
 * told it is resolved, never that it is being investigated).
 */
final class FanOutProcessor implements Processor<String, OutageEvent, String, FanOutEmission> {

    /** Key suffix in the outage-versions store under which the number of reopenings of an outage is kept. */
    static final String EPISODE_SUFFIX = "#reopenings";
    /**
     * Key suffix of an update's job in the fanout-jobs store: an update never replaces the telling of the start or
     * end of an outage under way (those who have not been told it started yet must still be), but any of those
     * replaces an update under way.
     */
    static final String UPDATE_JOB_SUFFIX = "|update";
    /** Subscribers scanned per chunk (per transaction) unless configured otherwise. */
    static final int DEFAULT_CHUNK_SIZE = 100_000;
    /** Notices per record of the notice-requests topic unless configured otherwise (see {@link NoticeBatch}). */
    static final int DEFAULT_BATCH_SIZE = 200;
    /** The largest batch: about 200 KB, well under the producer's largest request (1 MB). */
    static final int MAX_BATCH_SIZE = 2_000;
    /**
     * How long after its end reached the whole base an episode stays open: a corrected resolution within it still
     * finds exactly who was told, even if they moved since.
     */
    static final Duration ENDED_EPISODE_RETENTION = Duration.ofDays(7);
    /** How often episodes past their retention are closed. */
    static final Duration EPISODE_SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** How often the jobs under way are advanced by a chunk. */
    static final Duration CHUNK_INTERVAL = Duration.ofMillis(50);

    private final NoticePlanner planner = new NoticePlanner();
    private final NotifierMetrics metrics;
    private final int chunkSize;
    private final int batchSize;
    private final List<NoticeRequest> pending = new ArrayList<>();
    private long pendingTimestamp;
    private String batchKey;
    private final Deserializer<OutageEvent> eventReader;
    private final Serializer<OutageEvent> eventWriter;
    private ProcessorContext<String, FanOutEmission> context;
    private KeyValueStore<String, Subscriber> subscribers;
    private KeyValueStore<String, Subscriber> vulnerable;
    private ToldBook book;
    private KeyValueStore<String, Long> outageVersions;
    private KeyValueStore<String, OutageScope> widestScopes;
    private KeyValueStore<String, FanOutJob> jobs;

    FanOutProcessor(NotifierMetrics metrics, int chunkSize, int batchSize, Serde<OutageEvent> eventSerde) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("a fan-out chunk holds at least one subscriber: " + chunkSize);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("a notice batch holds 1 to " + MAX_BATCH_SIZE + " notices (a Kafka"
                    + " record of about 100 bytes each, under the producer's 1 MB request): " + batchSize);
        }
        this.metrics = metrics;
        this.chunkSize = chunkSize;
        this.batchSize = batchSize;
        this.eventReader = eventSerde.deserializer();
        this.eventWriter = eventSerde.serializer();
    }

    @Override
    public void init(ProcessorContext<String, FanOutEmission> context) {
        this.context = context;
        this.batchKey = String.valueOf(context.taskId().partition());
        pending.clear();
        this.subscribers = context.getStateStore(NotifierTopology.SUBSCRIBERS_STORE);
        this.vulnerable = context.getStateStore(NotifierTopology.VULNERABLE_STORE);
        this.book = new ToldBook(context);
        this.outageVersions = context.getStateStore(NotifierTopology.OUTAGE_VERSIONS_STORE);
        this.widestScopes = context.getStateStore(NotifierTopology.OUTAGE_SCOPES_STORE);
        this.jobs = context.getStateStore(NotifierTopology.FANOUT_JOBS_STORE);
        context.schedule(CHUNK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, wallClock -> advanceJobs());
        context.schedule(EPISODE_SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                wallClock -> book.closeEndedBefore(wallClock - ENDED_EPISODE_RETENTION.toMillis()));
    }

    @Override
    public void process(Record<String, OutageEvent> record) {
        OutageEvent event = record.value();
        String outageId = event.outage().outageId();
        Long handled = outageVersions.get(outageId);
        boolean superseded = handled != null && handled >= event.outage().version();
        metrics.outageEvent(event.status(), superseded);
        if (superseded) {
            return;
        }
        outageVersions.put(outageId, event.outage().version());
        Long reopenings = outageVersions.get(outageId + EPISODE_SUFFIX);
        int episode = reopenings == null ? 0 : reopenings.intValue();
        boolean reopened = event.status() == OutageStatus.REOPENED;
        if (reopened) {
            book.close(outageId, episode);
            episode++;
            outageVersions.put(outageId + EPISODE_SUFFIX, (long) episode);
        }
        widen(outageId, event);
        boolean told = NoticePlanner.TOLD_STAGES.contains(event.status());
        if (told) {
            book.begin(outageId, episode, handled != null && !reopened);
        }
        if (event.outage().merged()) {
            book.close(outageId, episode);
        }
        if (!told) {
            return;
        }
        String json = new String(eventWriter.serialize(NotifierTopology.OUTAGE_BROADCAST_TOPIC, event),
                StandardCharsets.UTF_8);
        FanOutJob job = new FanOutJob(json, episode, record.timestamp(), true, null);
        String jobKey = outageId;
        if (event.status() == OutageStatus.UPDATED) {
            jobKey = outageId + UPDATE_JOB_SUFFIX;
        } else {
            jobs.delete(outageId + UPDATE_JOB_SUFFIX);
        }
        jobs.put(jobKey, job);
        advance(jobKey, job, event);
    }

    /** Records the union of the episode's scopes; a reopening starts a new episode from its own scope. */
    private void widen(String outageId, OutageEvent event) {
        OutageScope scope = event.outage().scope();
        OutageScope known = event.status() == OutageStatus.REOPENED ? null : widestScopes.get(outageId);
        OutageScope widest = known == null ? scope : new OutageScope(union(known.services(), scope.services()),
                union(known.regions(), scope.regions()), union(known.elements(), scope.elements()));
        if (!widest.equals(known)) {
            widestScopes.put(outageId, widest);
        }
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Advances every job under way by one chunk. */
    private void advanceJobs() {
        List<KeyValue<String, FanOutJob>> underWay = new ArrayList<>();
        try (KeyValueIterator<String, FanOutJob> all = jobs.all()) {
            all.forEachRemaining(underWay::add);
        }
        for (KeyValue<String, FanOutJob> job : underWay) {
            advance(job.key, job.value, eventOf(job.value));
        }
    }

    /**
     * Scans up to one chunk of subscribers for the job, emits the notices owed, and records how far it got (or
     * forgets the job once both lanes are done); then asks for a commit so that the chunk is its own transaction.
     */
    private void advance(String jobKey, FanOutJob job, OutageEvent event) {
        // notices left by a chunk that failed are not this chunk's: its transaction was aborted
        pending.clear();
        int scanned = 0;
        int episode = job.episode();
        OutageScope widest = widestScopes.get(event.outage().outageId());
        ToldRanges told = book.episode(event.outage().outageId(), episode);
        ToldRange ownRange = told.of(event.outage().version());
        // this job's own range never reaches the subscribers it has still to scan: judge them by the others only
        ToldRanges toldByOthers = told.without(event.outage().version());
        FanOutJob current = job;
        while (current != null && scanned < chunkSize) {
            String last = null;
            boolean vulnerableLane = current.vulnerableLane();
            KeyValueStore<String, Subscriber> laneStore = vulnerableLane ? vulnerable : subscribers;
            try (KeyValueIterator<String, Subscriber> lane = current.after() == null ? laneStore.all()
                    : laneStore.range(current.after(), null)) {
                while (lane.hasNext() && scanned < chunkSize) {
                    KeyValue<String, Subscriber> entry = lane.next();
                    if (entry.key.equals(current.after())) {
                        continue;
                    }
                    scanned++;
                    last = entry.key;
                    Subscriber subscriber = entry.value;
                    planner.plan(event, subscriber, episode, () -> book.toldOpening(toldByOthers, subscriber),
                                    widest)
                            .filter(planned -> !book.decided(toldByOthers, planned.dedupeKey(), planned.stage(),
                                    subscriber))
                            .ifPresent(planned -> emit(planned, event, episode, job.timestamp(), vulnerableLane));
                }
                boolean laneDone = !lane.hasNext();
                if (!vulnerableLane && !event.outage().merged()) {
                    ownRange = Objects.requireNonNullElseGet(ownRange, () -> new ToldRange(event.status(),
                            event.outage().version(), event.outage().scope(), widest, null, false))
                            .reaching(last, laneDone, widest);
                }
                current = laneDone ? current.nextLane() : current.resumingAfter(last);
            }
        }
        flush();
        if (ownRange != null && !ownRange.equals(told.of(ownRange.version()))) {
            book.record(told, ownRange, context.currentSystemTimeMs());
        }
        if (current == null) {
            jobs.delete(jobKey);
        } else {
            jobs.put(jobKey, current);
        }
        if (scanned > 0) {
            context.commit();
        }
    }

    private OutageEvent eventOf(FanOutJob job) {
        return eventReader.deserialize(NotifierTopology.OUTAGE_BROADCAST_TOPIC,
                job.event().getBytes(StandardCharsets.UTF_8));
    }

    private void emit(NoticePlanner.Planned planned, OutageEvent event, int episode, long timestamp,
                      boolean vulnerableLane) {
        if (vulnerableLane) {
            book.recordDecision(planned.dedupeKey(), timestamp);
            if (event.status() == OutageStatus.UPDATED && planned.stage() != OutageStatus.UPDATED) {
                // told the start in place of the update: the whole-base lane must not then tell the update too
                book.recordDecision(NoticeReceipt.noticeIdOf(event.outage().outageId(), episode, OutageStatus.UPDATED,
                        event.outage().version(), planned.subscriberId(), NoticeChannel.EMAIL), timestamp);
            }
        }
        NoticeRequest request = planned.request();
        if (request == null) {
            metrics.notice(NoticeChannel.STATUS_PAGE, NoticeState.SUPPRESSED);
            context.forward(new Record<>(planned.subscriberId(), new FanOutEmission(null, planned.suppressed()),
                    timestamp));
            return;
        }
        metrics.noticeDecided(request.channel());
        pending.add(request);
        pendingTimestamp = timestamp;
        if (pending.size() >= batchSize) {
            flush();
        }
    }

    /**
     * Emits the notices decided and not yet emitted as one batch, keyed by this task's partition: every subscriber
     * of the task is on that partition of subscribers.v1, so all of a customer's notices go to one partition of the
     * notice-requests topic, in order.
     */
    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        context.forward(new Record<>(batchKey, new FanOutEmission(new NoticeBatch(pending), null), pendingTimestamp));
        metrics.noticeBatch();
        pending.clear();
    }
}
