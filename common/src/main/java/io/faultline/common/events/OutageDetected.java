package io.faultline.common.events;

import java.time.Instant;

/** Outage lifecycle event: DETECTED. */
public record OutageDetected(Instant occurredAt, OutageSnapshot outage) implements OutageEvent {

    public OutageDetected {
        Require.present(occurredAt, "occurredAt");
        Require.present(outage, "outage");

    }

    @Override
    public OutageStatus status() {
        return OutageStatus.DETECTED;
    }
}
