package io.faultline.detector.detection;

import io.faultline.common.events.OutageSnapshot;
import java.util.Set;

/**
 * An outage that is open on an element, with the alarms that hold it open.
 *
 * @param outage          the latest published snapshot
 * @param activeAlarmIds  raised and not yet cleared alarms on the element
 */
public record OpenOutage(OutageSnapshot outage, Set<String> activeAlarmIds) {

    public OpenOutage {
        activeAlarmIds = Set.copyOf(activeAlarmIds);
    }
}
