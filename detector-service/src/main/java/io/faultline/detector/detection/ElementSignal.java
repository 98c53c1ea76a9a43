package io.faultline.detector.detection;

import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An element failed (its first service-affecting alarm after hygiene: dedupe, out-of-order handling, flapping
 * damping) or was restored (its last alarm stayed clear for the hold-down).
 *
 * @param elementId   the element
 * @param failed      true when it failed, false when it was restored
 * @param at          onset of the failure, or time of the clear
 * @param alarmIds    alarms active on the element (empty on restore)
 * @param severity    severity of the failure (null on restore)
 * @param title       public title of an outage of this element alone
 * @param services    services the element carries
 * @param regions     regions it serves (empty for platforms, which are scoped by the lines homed on them)
 * @param elements    the element and its descendants
 * @param ancestors   elements above it, nearest first
 * @param subscribers inventory estimate of subscribers served
 */
public record ElementSignal(String elementId, boolean failed, Instant at, List<String> alarmIds,
                            OutageSeverity severity, String title, Set<Service> services, Set<String> regions,
                            Set<String> elements, List<String> ancestors, long subscribers)
        implements DetectionSignal {

    public ElementSignal {
        alarmIds = List.copyOf(alarmIds);
        services = Set.copyOf(services);
        regions = Set.copyOf(regions);
        elements = Set.copyOf(elements);
        ancestors = List.copyOf(ancestors);
    }
}
