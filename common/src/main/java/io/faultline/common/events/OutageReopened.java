package io.faultline.common.events;

import java.time.Instant;

/**
 * Outage lifecycle event: REOPENED.
 *
 * @param occurredAt when it happened (event time)
 * @param outage     the outage as of this event
 * @param change     who changed the outage by hand and why; null when the detector decided
 */
public record OutageReopened(Instant occurredAt, OutageSnapshot outage, OutageChange change) implements OutageEvent {

    public OutageReopened {
        Require.present(occurredAt, "occurredAt");
        Require.present(outage, "outage");
    }

    /** An event the detector decided on its own. */
    public OutageReopened(Instant occurredAt, OutageSnapshot outage) {
        this(occurredAt, outage, null);
    }

    @Override
    public OutageStatus status() {
        return OutageStatus.REOPENED;
    }
}
