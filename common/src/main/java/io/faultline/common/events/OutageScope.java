package io.faultline.common.events;

import java.util.Set;

/**
 * What an outage affects. A subscriber is in scope when their home region is in {@link #regions()} or they are
 * homed on one of {@link #elements()}, and their plan uses one of {@link #services()}.
 *
 * @param services services that do not work
 * @param regions  regions affected
 * @param elements network elements in the outage (the failed element and its descendants)
 */
public record OutageScope(Set<Service> services, Set<String> regions, Set<String> elements) {

    public OutageScope {
        services = Require.set(services);
        regions = Require.set(regions);
        elements = Require.set(elements);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("missing required field 'services': an outage affects at least one service");
        }
    }

    public boolean affects(Service service) {
        return services.contains(service);
    }
}
