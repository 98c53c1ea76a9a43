package io.faultline.notifier.streams;

import io.faultline.common.events.InvoiceHeld;
import io.faultline.common.events.InvoiceHoldEvent;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.policy.InvoiceHoldPlanner;
import io.faultline.notifier.policy.NoticeBatch;
import io.faultline.notifier.policy.NoticePlanner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Tells one line of an account that the account's invoice is held by the bill-shock guard: the hold, re-keyed by
 * line, arrives on the partition that holds the line's record, which gives its contact. The decision is recorded
 * under (hold, line) in the same exactly-once transaction as the notice it emits, so a replayed hold tells nobody
 * twice. The notice goes to delivery like a fan-out's (a batch of one, on this task's partition); a line that
 * cannot be told is recorded as a SUPPRESSED receipt with the reason.
 */
final class InvoiceHoldNoticeProcessor implements Processor<String, InvoiceHoldEvent, String, FanOutEmission> {

    private final InvoiceHoldPlanner planner = new InvoiceHoldPlanner();
    private final NotifierMetrics metrics;
    private ProcessorContext<String, FanOutEmission> context;
    private KeyValueStore<String, Subscriber> subscribers;
    private KeyValueStore<String, Long> decided;
    private String batchKey;

    InvoiceHoldNoticeProcessor(NotifierMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, FanOutEmission> context) {
        this.context = context;
        this.subscribers = context.getStateStore(NotifierTopology.SUBSCRIBERS_STORE);
        this.decided = context.getStateStore(NotifierTopology.NOTICES_DECIDED_STORE);
        this.batchKey = String.valueOf(context.taskId().partition());
    }

    @Override
    public void process(Record<String, InvoiceHoldEvent> record) {
        if (!(record.value() instanceof InvoiceHeld hold) || record.key() == null) {
            return;
        }
        String line = record.key();
        String decisionKey = InvoiceHoldPlanner.decisionKey(hold, line);
        if (decided.get(decisionKey) != null) {
            return;
        }
        NoticePlanner.Planned planned = planner.plan(hold, line, subscribers.get(line));
        decided.put(decisionKey, record.timestamp());
        if (planned.request() == null) {
            metrics.notice(planned.suppressed().channel(), NoticeState.SUPPRESSED);
            context.forward(new Record<>(line, new FanOutEmission(null, planned.suppressed()), record.timestamp()));
            return;
        }
        metrics.noticeDecided(planned.request().channel());
        metrics.noticeBatch();
        context.forward(new Record<>(batchKey, new FanOutEmission(NoticeBatch.of(planned.request()), null),
                record.timestamp()));
    }
}
