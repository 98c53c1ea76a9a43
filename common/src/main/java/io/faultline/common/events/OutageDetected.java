package io.faultline.common.events;

import java.time.Instant;

/**
 * Outage lifecycle event: DETECTED.
 *
 * @param occurredAt when it happened (event time)
 * @param outage     the outage as of this event
 * @param change     who changed the outage by hand and why; null when the detector decided
 */
public record OutageDetected(Instant occurredAt, OutageSnapshot outage, OutageChange change) implements OutageEvent {

    public OutageDetected {
        Require.present(occurredAt, "occurredAt");
        Require.present(outage, "outage");
    }

    /** An event the detector decided on its own. */
    public OutageDetected(Instant occurredAt, OutageSnapshot outage) {
        this(occurredAt, outage, null);
    }

    @Override
    public OutageStatus status() {
        return OutageStatus.DETECTED;
    }
}
