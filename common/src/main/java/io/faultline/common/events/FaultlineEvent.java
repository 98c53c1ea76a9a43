package io.faultline.common.events;

import java.time.Instant;

/**
 * Every event Faultline publishes or consumes. The CloudEvents 1.0 envelope (ce_id, ce_type, ce_source,
 * ce_time, ce_subject) is derived from it and travels as Kafka headers; the record itself is the JSON body.
 * Events are immutable facts in the past tense.
 */
public sealed interface FaultlineEvent
        permits NetworkAlarm, CustomerComplaint, NetworkElement, Subscriber, OutageEvent, NoticeReceipt,
                CreditEvent, Invoice, InvoiceHoldEvent {

    /** Deterministic identifier: the same fact always carries the same id, so consumers can deduplicate. */
    String eventId();

    /** Type with version, e.g. {@code io.faultline.outage.detected.v1}. */
    EventType eventType();

    /** What the event is about (outage id, subscriber id, element id...). */
    String subject();

    /** When the fact happened. */
    Instant occurredAt();
}
