package io.faultline.notifier.statuspage;

import io.faultline.common.events.Service;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the status page shows at one moment.
 *
 * @param generatedAt when the view was taken
 * @param current     open incidents, most recently changed first
 * @param recent      incidents resolved within the recent window, most recently ended first
 * @param byRegion    per region with an incident in the view, the services that are down there now (empty when
 *                    only recent incidents touched it)
 * @param region      the region filter applied, or null
 * @param service     the service filter applied, or null
 */
public record StatusView(Instant generatedAt, List<Incident> current, List<Incident> recent,
                         Map<String, Set<Service>> byRegion, String region, Service service) {

    /** Whether every service works everywhere the view covers. */
    public boolean allOperational() {
        return current.isEmpty();
    }
}
