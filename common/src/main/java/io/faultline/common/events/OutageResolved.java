package io.faultline.common.events;

import java.time.Instant;

/** Outage lifecycle event: RESOLVED. */
public record OutageResolved(Instant occurredAt, OutageSnapshot outage) implements OutageEvent {

    public OutageResolved {
        Require.present(occurredAt, "occurredAt");
        Require.present(outage, "outage");
        Require.present(outage.endedAt(), "outage.endedAt");
    }

    @Override
    public OutageStatus status() {
        return OutageStatus.RESOLVED;
    }
}
