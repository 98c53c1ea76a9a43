package io.faultline.compensation.policy;

import io.faultline.common.events.Service;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;

/**
 * Which outages a policy compensates at all.
 *
 * @param services         the outage affects at least one of these (empty: any)
 * @param minDuration      the outage lasted at least this long
 * @param minAffected      the outage affected at least this many subscribers (its estimate)
 * @param excludedCauses   causes that exclude compensation, e.g. {@code force-majeure}
 */
public record OutageCriteria(Set<Service> services, Duration minDuration, long minAffected,
                             Set<String> excludedCauses) {

    public static final OutageCriteria ANY = new OutageCriteria(Set.of(), Duration.ZERO, 0, Set.of());

    public OutageCriteria {
        services = Set.copyOf(services);
        excludedCauses = Set.copyOf(excludedCauses);
    }

    /** The first criterion the outage fails, or null when it is compensated. */
    public String mismatch(OutageFacts outage) {
        if (!services.isEmpty() && Collections.disjoint(services, outage.scope().services())) {
            return "the outage affects none of " + services.stream().map(Enum::name).sorted().toList();
        }
        if (outage.duration().compareTo(minDuration) < 0) {
            return "the outage lasted " + outage.duration() + ", less than " + minDuration;
        }
        if (outage.affected() < minAffected) {
            return "the outage affected " + outage.affected() + " subscribers, fewer than " + minAffected;
        }
        for (String cause : outage.causes()) {
            if (excludedCauses.contains(cause)) {
                return "its cause " + cause + " is excluded";
            }
        }
        return null;
    }
}
