package io.faultline.detector.streams;

import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.detector.detection.AlarmCorrelator;
import io.faultline.detector.detection.AlarmDecision;
import io.faultline.detector.detection.ElementSignal;
import io.faultline.detector.detection.OpenOutage;
import io.faultline.detector.topology.StoreTopologyView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;

/**
 * Adapts {@link AlarmCorrelator} to Kafka Streams: open outages per element and seen alarm event ids live in
 * changelog-backed stores, so with exactly-once processing a restart neither loses an open outage nor emits a
 * lifecycle event twice. Replayed alarm events are dropped by their event id; an alarm on an element the
 * inventory does not know yet is not remembered, so re-sending it after the inventory update opens the outage.
 */
final class AlarmProcessor implements Processor<String, NetworkAlarm, String, ElementSignal> {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AlarmProcessor.class);

    private final AlarmCorrelator correlator;
    private final Duration dedupeRetention;
    private final DetectorMetrics metrics;
    private ProcessorContext<String, ElementSignal> context;
    private KeyValueStore<String, OpenOutage> openOutages;
    private KeyValueStore<String, Long> seenEvents;
    private KeyValueStore<String, OutageSnapshot> recentlyResolved;
    private KeyValueStore<String, Long> earlyClears;
    private final Duration alarmGrace;
    private StoreTopologyView topology;

    AlarmProcessor(DetectorSettings settings, DetectorMetrics metrics) {
        this.correlator = new AlarmCorrelator(settings.clearHoldDown(), settings.reopenWindow());
        this.dedupeRetention = settings.alarmDedupeRetention();
        this.alarmGrace = settings.alarmGrace();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ElementSignal> context) {
        this.context = context;
        this.openOutages = context.getStateStore(DetectorTopology.OPEN_OUTAGES_STORE);
        this.seenEvents = context.getStateStore(DetectorTopology.SEEN_ALARM_EVENTS_STORE);
        this.recentlyResolved = context.getStateStore(DetectorTopology.RECENTLY_RESOLVED_STORE);
        this.earlyClears = context.getStateStore(DetectorTopology.EARLY_CLEARS_STORE);
        TimestampedKeyValueStore<String, NetworkElement> store = context.getStateStore(DetectorTopology.TOPOLOGY_STORE);
        this.topology = new StoreTopologyView(store);
        context.schedule(Duration.ofMinutes(10), PunctuationType.STREAM_TIME, this::forgetPastGrace);
        context.schedule(seenEventsPurgeInterval(dedupeRetention), PunctuationType.STREAM_TIME, this::forgetSeenEvents);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::resolveHeldClears);
    }

    @Override
    public void process(Record<String, NetworkAlarm> record) {
        NetworkAlarm alarm = record.value();
        if (alarm == null) {
            return;
        }
        String eventId = alarm.eventId();
        if (seenEvents.get(eventId) != null) {
            metrics.duplicateAlarm();
            return;
        }
        String earlyClearKey = alarm.sourceId() + "|" + alarm.alarmId();
        Long earlyClear = alarm.isClear() ? null : earlyClears.get(earlyClearKey);
        AlarmDecision decision = correlator.onAlarm(alarm, openOutages.get(alarm.sourceId()), topology,
                recentlyResolved.get(alarm.sourceId()), earlyClear == null ? null : Instant.ofEpochMilli(earlyClear),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        if (decision.outcome() == AlarmDecision.Outcome.CLEAR_WITHOUT_RAISE) {
            earlyClears.put(earlyClearKey, alarm.eventTime().toEpochMilli());
        } else if (earlyClear != null) {
            earlyClears.delete(earlyClearKey);
        }
        metrics.alarm(decision.outcome());
        if (decision.outcome() == AlarmDecision.Outcome.UNKNOWN_ELEMENT) {
            log.warn("Alarm {} on {} ignored: the element is not in network.topology.v1; re-send it once the "
                    + "inventory has it", alarm.alarmId(), alarm.sourceId());
            return;
        }
        seenEvents.put(eventId, alarm.eventTime().toEpochMilli());
        apply(alarm.sourceId(), decision);
    }

    private void apply(String elementId, AlarmDecision decision) {
        if (decision.outcome() == AlarmDecision.Outcome.REOPENED) {
            recentlyResolved.delete(elementId);
        }
        for (OutageEvent event : decision.events()) {
            if (event.status() == io.faultline.common.events.OutageStatus.RESOLVED) {
                recentlyResolved.put(elementId, event.outage());
            }
        }
        decision.state().ifPresentOrElse(
                state -> openOutages.put(elementId, state),
                () -> openOutages.delete(elementId));
        for (OutageEvent event : decision.events()) {
            ElementSignal signal = toSignal(elementId, event);
            context.forward(new Record<>(elementId, signal, signal.at().toEpochMilli()));
        }
    }

    /** The element-level lifecycle event as a failure or restoration of the element, for the outage manager. */
    private ElementSignal toSignal(String elementId, OutageEvent event) {
        OutageSnapshot outage = event.outage();
        boolean failed = event.status() != io.faultline.common.events.OutageStatus.RESOLVED;
        return new ElementSignal(elementId, failed, failed ? event.occurredAt() : outage.endedAt(),
                failed ? outage.evidence().alarmIds() : List.of(), failed ? outage.severity() : null, outage.title(),
                outage.scope().services(), outage.scope().regions(), outage.scope().elements(),
                topology.ancestors(elementId), outage.estimatedAffected());
    }

    private void resolveHeldClears(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        Instant streamTime = Instant.ofEpochMilli(Math.max(0, context.currentStreamTimeMs()));
        List<KeyValue<String, OpenOutage>> clearing = new ArrayList<>();
        try (KeyValueIterator<String, OpenOutage> all = openOutages.all()) {
            while (all.hasNext()) {
                KeyValue<String, OpenOutage> entry = all.next();
                if (entry.value.clearing()) {
                    clearing.add(entry);
                }
            }
        }
        for (KeyValue<String, OpenOutage> entry : clearing) {
            AlarmDecision decision = correlator.onTick(entry.value, streamTime, now);
            if (decision.outcome() == AlarmDecision.Outcome.RESOLVED) {
                metrics.alarm(decision.outcome());
                apply(entry.key, decision);
            }
        }
    }

    /**
     * Forgets seen event ids past the dedupe retention (days), by stream time. The store holds every alarm event of
     * the retention and is scanned whole, so only every {@link #seenEventsPurgeInterval}: an id kept up to a seventh
     * of the retention longer changes nothing, and a backlog of weeks is not rescanned every hour of its history.
     */
    private void forgetSeenEvents(long streamTime) {
        long dedupeHorizon = streamTime - dedupeRetention.toMillis();
        deleteWhere(seenEvents, seenAt -> seenAt < dedupeHorizon);
    }

    /** Forgets, by stream time, reopenable outages and early clears past the reopen window and the grace. */
    private void forgetPastGrace(long streamTime) {
        long graceHorizon = streamTime - alarmGrace.toMillis();
        deleteWhere(recentlyResolved, resolved -> !correlator.reopenable(resolved, Instant.ofEpochMilli(streamTime)));
        deleteWhere(earlyClears, clearedAt -> clearedAt < graceHorizon);
    }

    /** A seventh of the dedupe retention (a day for the default week), and never under an hour. */
    static Duration seenEventsPurgeInterval(Duration dedupeRetention) {
        Duration seventh = dedupeRetention.dividedBy(7);
        return seventh.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : seventh;
    }

    private static <V> void deleteWhere(KeyValueStore<String, V> store, java.util.function.Predicate<V> expired) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, V> entry = all.next();
                if (expired.test(entry.value)) {
                    keys.add(entry.key);
                }
            }
        }
        keys.forEach(store::delete);
    }
}
