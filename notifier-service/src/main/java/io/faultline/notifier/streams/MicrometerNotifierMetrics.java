package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Notifier business metrics: notices by channel and outcome, decisions, SMS segments, outage events. */
@Component
class MicrometerNotifierMetrics implements NotifierMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary segments;
    private final Counter batches;
    /** One counter per channel, looked up once: the fan-out counts every one of millions of decisions. */
    private final Map<NoticeChannel, Counter> decided = new EnumMap<>(NoticeChannel.class);
    /** Per channel and outcome, looked up once: two outcomes are counted per SMS, thousands a second. */
    private final Map<NoticeChannel, Map<NoticeState, Counter>> outcomes = new EnumMap<>(NoticeChannel.class);

    MicrometerNotifierMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (NoticeChannel channel : NoticeChannel.values()) {
            decided.put(channel, registry.counter("faultline.notices.decided", "channel", channel.name()));
            Map<NoticeState, Counter> byState = new EnumMap<>(NoticeState.class);
            for (NoticeState state : NoticeState.values()) {
                byState.put(state, registry.counter("faultline.notices", "channel", channel.name(), "outcome",
                        state.name()));
            }
            outcomes.put(channel, byState);
        }
        this.batches = Counter.builder("faultline.notice.batches")
                .description("records of notices the fan-out emitted (each a batch of notices)").register(registry);
        this.segments = DistributionSummary.builder("faultline.sms.segments")
                .description("SMS parts per notice").register(registry);
    }

    @Override
    public void outageEvent(OutageStatus status, boolean superseded) {
        registry.counter("faultline.notifier.outage.events", "status", status.name(),
                "superseded", String.valueOf(superseded)).increment();
    }

    @Override
    public void noticeDecided(NoticeChannel channel) {
        decided.get(channel).increment();
    }

    @Override
    public void noticeBatch() {
        batches.increment();
    }

    @Override
    public void notice(NoticeChannel channel, NoticeState state) {
        outcomes.get(channel).get(state).increment();
    }

    @Override
    public void resendAvoided(NoticeChannel channel) {
        registry.counter("faultline.notices.resend.avoided", "channel", channel.name()).increment();
    }

    @Override
    public void smsSegments(int count) {
        segments.record(count);
    }
}
