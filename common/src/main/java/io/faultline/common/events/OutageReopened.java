package io.faultline.common.events;

import java.time.Instant;

/** Outage lifecycle event: REOPENED. */
public record OutageReopened(Instant occurredAt, OutageSnapshot outage) implements OutageEvent {

    public OutageReopened {
        Require.present(occurredAt, "occurredAt");
        Require.present(outage, "outage");

    }

    @Override
    public OutageStatus status() {
        return OutageStatus.REOPENED;
    }
}
