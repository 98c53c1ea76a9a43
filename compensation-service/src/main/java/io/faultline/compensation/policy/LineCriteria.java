package io.faultline.compensation.policy;

import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.util.Collections;
import java.util.Set;

/**
 * Which lines a policy or a rule is for. Each set that is not empty must match (an empty set matches every
 * line); {@code unlimitedData}, when given, must equal the plan's.
 *
 * @param services      the plan uses at least one of these services
 * @param brands        the line's brand (the host operator's or an MVNO's)
 * @param planTypes     pay-monthly or pay-as-you-go
 * @param planIds       tariff codes
 * @param segments      customer segments (consumer, business...)
 * @param regions       home regions
 * @param unlimitedData whether the plan must (true) or must not (false) have unlimited data; null for either
 */
public record LineCriteria(Set<Service> services, Set<String> brands, Set<PlanType> planTypes, Set<String> planIds,
                           Set<String> segments, Set<String> regions, Boolean unlimitedData) {

    public static final LineCriteria ANY = new LineCriteria(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(),
            Set.of(), null);

    public LineCriteria {
        services = Set.copyOf(services);
        brands = Set.copyOf(brands);
        planTypes = Set.copyOf(planTypes);
        planIds = Set.copyOf(planIds);
        segments = Set.copyOf(segments);
        regions = Set.copyOf(regions);
    }

    /** The first criterion the line fails, or null when it matches. */
    public String mismatch(Subscriber line) {
        if (!services.isEmpty() && Collections.disjoint(services, line.plan().services())) {
            return "its plan uses none of " + sorted(services);
        }
        if (!brands.isEmpty() && !brands.contains(line.brand())) {
            return "brand " + line.brand() + " is not one of " + sorted(brands);
        }
        if (!planTypes.isEmpty() && !planTypes.contains(line.plan().type())) {
            return "plan type " + line.plan().type() + " is not one of " + sorted(planTypes);
        }
        if (!planIds.isEmpty() && !planIds.contains(line.plan().planId())) {
            return "plan " + line.plan().planId() + " is not one of " + sorted(planIds);
        }
        if (!segments.isEmpty() && !segments.contains(line.segment())) {
            return "segment " + line.segment() + " is not one of " + sorted(segments);
        }
        if (!regions.isEmpty() && !regions.contains(line.homeRegion())) {
            return "home region " + line.homeRegion() + " is not one of " + sorted(regions);
        }
        if (unlimitedData != null && unlimitedData != line.plan().unlimitedData()) {
            return unlimitedData ? "its plan has no unlimited data" : "its plan has unlimited data";
        }
        return null;
    }

    private static String sorted(Set<?> values) {
        return values.stream().map(String::valueOf).sorted().toList().toString();
    }
}
