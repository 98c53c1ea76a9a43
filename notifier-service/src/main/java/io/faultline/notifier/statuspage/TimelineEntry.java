package io.faultline.notifier.statuspage;

import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.Set;

/**
 * One public step of an incident, as of one lifecycle event: what was known then and what the NOC said.
 *
 * @param version       the outage version of the event
 * @param stage         DETECTED, UPDATED, RESOLVED or REOPENED
 * @param at            when it happened
 * @param services      services affected at that moment
 * @param regions       regions affected at that moment
 * @param publicMessage what the NOC told the public with it, may be null
 * @param eta           expected restoration then, may be null
 * @param mergedInto    on a RESOLVED by merge, the incident that goes on; otherwise null
 */
public record TimelineEntry(long version, OutageStatus stage, Instant at, Set<Service> services, Set<String> regions,
                            String publicMessage, Instant eta, String mergedInto) {

    public TimelineEntry {
        services = Set.copyOf(services);
        regions = Set.copyOf(regions);
    }
}
