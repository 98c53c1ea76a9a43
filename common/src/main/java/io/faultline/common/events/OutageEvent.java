package io.faultline.common.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A lifecycle event of an outage (topic {@code outages.v1}, key: outage id). The JSON carries the stage in
 * {@code status}; {@code outage.version} grows by one per event of the same outage.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "status")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OutageDetected.class, name = "DETECTED"),
        @JsonSubTypes.Type(value = OutageUpdated.class, name = "UPDATED"),
        @JsonSubTypes.Type(value = OutageResolved.class, name = "RESOLVED"),
        @JsonSubTypes.Type(value = OutageReopened.class, name = "REOPENED")
})
public sealed interface OutageEvent extends FaultlineEvent
        permits OutageDetected, OutageUpdated, OutageResolved, OutageReopened {

    OutageSnapshot outage();

    OutageStatus status();

    /** Who changed the outage by hand and why; null when the detector decided. */
    OutageChange change();

    /** Builds the event of the given stage, decided by the detector. */
    static OutageEvent of(OutageStatus status, Instant occurredAt, OutageSnapshot outage) {
        return of(status, occurredAt, outage, null);
    }

    /** Builds the event of the given stage, with the manual change behind it (may be null). */
    static OutageEvent of(OutageStatus status, Instant occurredAt, OutageSnapshot outage, OutageChange change) {
        return switch (status) {
            case DETECTED -> new OutageDetected(occurredAt, outage, change);
            case UPDATED -> new OutageUpdated(occurredAt, outage, change);
            case RESOLVED -> new OutageResolved(occurredAt, outage, change);
            case REOPENED -> new OutageReopened(occurredAt, outage, change);
        };
    }

    @Override
    default String eventId() {
        return outage().outageId() + "-v" + outage().version();
    }

    @Override
    default EventType eventType() {
        return EventType.of("io.faultline.outage." + status().name().toLowerCase(java.util.Locale.ROOT), 1);
    }

    @Override
    default String subject() {
        return outage().outageId();
    }
}
