package io.faultline.compensation.policy;

import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import java.util.Set;

/**
 * The coarse filter a subscriber store can apply before a policy looks at each subscriber: a subscriber is a
 * candidate when homed in one of {@code regions} or on one of {@code elements}, their plan includes one of
 * {@code services}, their plan type is one of {@code planTypes} and, unless {@code brands} is empty, their brand is
 * one of {@code brands}.
 *
 * @param regions   regions in outage scope
 * @param elements  platform elements in outage scope
 * @param services  services the outage affects
 * @param planTypes plan types the policy compensates
 * @param brands    brands the policy compensates; empty means every brand
 */
public record EligibilityCriteria(Set<String> regions, Set<String> elements, Set<Service> services,
                                  Set<PlanType> planTypes, Set<String> brands) {

    public EligibilityCriteria {
        regions = Set.copyOf(regions);
        elements = Set.copyOf(elements);
        services = Set.copyOf(services);
        planTypes = Set.copyOf(planTypes);
        brands = Set.copyOf(brands);
    }

    /** Whether no subscriber can match: nothing in scope, no affected service or no plan type. */
    public boolean matchesNobody() {
        return (regions.isEmpty() && elements.isEmpty()) || services.isEmpty() || planTypes.isEmpty();
    }
}
