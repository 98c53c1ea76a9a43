package io.faultline.common.events;

import java.time.Instant;

/** Outage lifecycle event: UPDATED. */
public record OutageUpdated(Instant occurredAt, OutageSnapshot outage) implements OutageEvent {

    public OutageUpdated {
        Require.present(occurredAt, "occurredAt");
        Require.present(outage, "outage");

    }

    @Override
    public OutageStatus status() {
        return OutageStatus.UPDATED;
    }
}
