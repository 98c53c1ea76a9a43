package io.faultline.compensation.grant;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageResolved;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Compensates each outage of {@code outages.v1} when it is resolved; the end of an outage merged into another one is
 * ignored (the outage that absorbed it compensates its customers). Every stage is remembered as the outage's latest
 * version, so that finance can preview the liability of an open outage.
 */
@Component
public class OutageListener {

    private static final Logger log = LoggerFactory.getLogger(OutageListener.class);

    private final CompensationGrant grant;
    private final KnownOutages outages;
    private final MeterRegistry meters;
    private final Clock clock;

    public OutageListener(CompensationGrant grant, KnownOutages outages, MeterRegistry meters, Clock clock) {
        this.grant = grant;
        this.outages = outages;
        this.meters = meters;
        this.clock = clock;
    }

    @KafkaListener(id = "compensation-outages", idIsGroup = false, topics = "outages.v1",
            containerFactory = "outageListenerContainerFactory")
    public void onOutage(ConsumerRecord<String, OutageEvent> record) {
        OutageEvent event = record.value();
        if (event == null) {
            log.debug("Ignoring tombstone for outage {}", record.key());
            return;
        }
        Counter.builder("faultline.outages.received")
                .description("Outage lifecycle events received from outages.v1")
                .tag("status", event.status().name())
                .register(meters)
                .increment();
        outages.remember(event, clock.instant());
        if (event instanceof OutageResolved resolved && resolved.outage().merged()) {
            log.info("Outage {} was merged into {}: compensation runs when that one resolves",
                    resolved.outage().outageId(), resolved.outage().mergedInto());
        } else if (event instanceof OutageResolved resolved) {
            grant.compensate(resolved.outage());
        } else {
            log.debug("Ignoring {} of outage {} v{}: compensation runs on RESOLVED", event.status(),
                    event.outage().outageId(), event.outage().version());
        }
    }
}
