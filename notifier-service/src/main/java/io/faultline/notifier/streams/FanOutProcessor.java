package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.policy.NoticePlanner;
import io.faultline.notifier.policy.NoticeRequest;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * For one outage event, scans the subscribers of this task's partition and emits each owed notice once.
 * Vulnerable subscribers are emitted first. An event older than the latest version already handled for the
 * outage is superseded and ignored, so "we are investigating" never follows "resolved".
 */
final class FanOutProcessor implements Processor<String, OutageEvent, String, NoticePlanner.Planned> {

    /** Key suffix in the outage-versions store under which the number of reopenings of an outage is kept. */
    static final String EPISODE_SUFFIX = "#reopenings";

    private final NoticePlanner planner = new NoticePlanner();
    private final NotifierMetrics metrics;
    private ProcessorContext<String, NoticePlanner.Planned> context;
    private KeyValueStore<String, Subscriber> subscribers;
    private KeyValueStore<String, Long> decided;
    private KeyValueStore<String, Long> outageVersions;

    FanOutProcessor(NotifierMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, NoticePlanner.Planned> context) {
        this.context = context;
        this.subscribers = context.getStateStore(NotifierTopology.SUBSCRIBERS_STORE);
        this.decided = context.getStateStore(NotifierTopology.NOTICES_DECIDED_STORE);
        this.outageVersions = context.getStateStore(NotifierTopology.OUTAGE_VERSIONS_STORE);
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
        if (event.status() == OutageStatus.REOPENED) {
            episode++;
            outageVersions.put(outageId + EPISODE_SUFFIX, (long) episode);
        }
        if (!NoticePlanner.TOLD_STAGES.contains(event.status())) {
            return;
        }
        emitNotices(event, episode, record.timestamp(), true);
        emitNotices(event, episode, record.timestamp(), false);
    }

    /** One pass over the partition's subscribers: the vulnerable lane first, then everyone else. */
    private void emitNotices(OutageEvent event, int episode, long timestamp, boolean vulnerableLane) {
        try (KeyValueIterator<String, Subscriber> all = subscribers.all()) {
            while (all.hasNext()) {
                KeyValue<String, Subscriber> entry = all.next();
                if (entry.value.vulnerable() != vulnerableLane) {
                    continue;
                }
                Optional<NoticePlanner.Planned> planned = planner.plan(event, entry.value, episode);
                if (planned.isPresent() && decided.get(planned.get().dedupeKey()) == null) {
                    emit(planned.get(), timestamp);
                }
            }
        }
    }

    private void emit(NoticePlanner.Planned planned, long timestamp) {
        decided.put(planned.dedupeKey(), timestamp);
        NoticeRequest request = planned.request();
        if (request != null) {
            metrics.noticeDecided(request.channel());
            context.forward(new Record<>(request.subscriberId(), planned, timestamp));
        } else {
            metrics.notice(NoticeChannel.STATUS_PAGE, NoticeState.SUPPRESSED);
            context.forward(new Record<>(planned.suppressed().subscriberId(), planned, timestamp));
        }
    }
}
