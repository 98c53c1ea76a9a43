package io.faultline.compensation.subscribers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness contributor {@code subscribersCatchUp}: DOWN, with the lag per partition, while the subscriber table has
 * not yet come within {@code faultline.compensation.subscribers.readiness-max-lag} records of {@code subscribers.v1}
 * since startup; UP once it has, and from then on (a later burst of CRM updates does not take the service out of
 * service: each grant waits for the table itself).
 */
@Component("subscribersCatchUpHealthIndicator")
public class SubscribersCatchUpHealthIndicator implements HealthIndicator {

    private final SubscriberLagMonitor monitor;

    public SubscribersCatchUpHealthIndicator(SubscriberLagMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Health health() {
        SubscriberLagMonitor.Snapshot snapshot = monitor.snapshot();
        Health.Builder health = snapshot.caughtUpOnce() ? Health.up() : Health.down();
        if (snapshot.caughtUpOnce()) {
            health.withDetail("caughtUpAt", snapshot.caughtUpAt().toString());
        }
        health.withDetail("readinessMaxLag", snapshot.maxLag());
        SubscriberCatchUp.Lag lag = snapshot.lag();
        if (lag == null) {
            health.withDetail("lag", "not measured yet");
        } else {
            health.withDetail("lag", lag.total()).withDetail("measuredAt", lag.measuredAt().toString());
            Map<String, Map<String, Long>> partitions = new LinkedHashMap<>();
            for (SubscriberCatchUp.PartitionLag partition : lag.partitions()) {
                Map<String, Long> detail = new LinkedHashMap<>();
                detail.put("position", partition.position());
                detail.put("end", partition.end());
                detail.put("lag", partition.lag());
                partitions.put(Integer.toString(partition.partition()), detail);
            }
            health.withDetail("partitions", partitions);
        }
        if (snapshot.failure() != null) {
            health.withDetail("lastFailure", snapshot.failure());
        }
        return health.build();
    }
}
