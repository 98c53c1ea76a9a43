package io.faultline.detector.detection;

import io.faultline.common.events.OutageSnapshot;
import java.time.Instant;
import java.util.Set;

/**
 * An outage that is open on an element, with the alarms that hold it open.
 *
 * @param outage          the latest published snapshot
 * @param activeAlarmIds  raised and not yet cleared alarms on the element
 * @param clearedAt       event time of the clear of the last alarm, while the outage waits out the clear
 *                        hold-down before it resolves; null while an alarm is active
 * @param clearSeenAt     processing time at which that clear was seen, null with {@code clearedAt}
 */
public record OpenOutage(OutageSnapshot outage, Set<String> activeAlarmIds, Instant clearedAt, Instant clearSeenAt) {

    public OpenOutage {
        activeAlarmIds = Set.copyOf(activeAlarmIds);
    }

    public OpenOutage(OutageSnapshot outage, Set<String> activeAlarmIds) {
        this(outage, activeAlarmIds, null, null);
    }

    /** Whether every alarm has cleared and the outage only waits for the hold-down to pass. */
    public boolean clearing() {
        return clearedAt != null;
    }
}
