package io.faultline.notifier.statuspage;

import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An outage as the public sees it: no subscriber, element, alarm or NOC engineer in it, only what is affected
 * where, since when, until when, and what the NOC said.
 *
 * @param reference     the outage id, the reference printed in every notice
 * @param title         short public title
 * @param severity      impact
 * @param stage         latest stage
 * @param services      services affected now (or, once resolved, at the end)
 * @param regions       regions affected now (or, once resolved, at the end)
 * @param startedAt     onset
 * @param endedAt       end, null while open
 * @param eta           expected restoration, null when unknown or ended
 * @param publicMessage the latest public message, may be null
 * @param mergedInto    the incident this one goes on as, when it was merged; otherwise null
 * @param timeline      every step, oldest first
 */
public record Incident(String reference, String title, OutageSeverity severity, OutageStatus stage,
                       Set<Service> services, Set<String> regions, Instant startedAt, Instant endedAt, Instant eta,
                       String publicMessage, String mergedInto, List<TimelineEntry> timeline) {

    public Incident {
        services = Set.copyOf(services);
        regions = Set.copyOf(regions);
        timeline = List.copyOf(timeline);
    }

    /** Whether customers are still affected. */
    public boolean open() {
        return stage != OutageStatus.RESOLVED;
    }

    /** When it last changed. */
    public Instant lastChangedAt() {
        return timeline.getLast().at();
    }
}
