package io.faultline.compensation.subscribers;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Measures every {@code faultline.compensation.subscribers.lag-interval} how far the subscriber table is behind
 * {@code subscribers.v1}, publishes it as the gauge {@code faultline.compensation.subscribers.lag} (records; NaN
 * until measured or when the last measurement failed) and remembers when the table first came within
 * {@code faultline.compensation.subscribers.readiness-max-lag} records of the topic, which makes the service ready.
 */
@Component
public class SubscriberLagMonitor {

    private static final Logger log = LoggerFactory.getLogger(SubscriberLagMonitor.class);

    /**
     * The last measurement.
     *
     * @param lag        last lag measured, null before the first one
     * @param failure    why the last measurement failed, null if it did not
     * @param caughtUpAt when the lag first was at most {@code maxLag}, null until then
     * @param maxLag     largest lag at which the table counts as caught up
     */
    public record Snapshot(SubscriberCatchUp.Lag lag, String failure, Instant caughtUpAt, long maxLag) {

        public boolean caughtUpOnce() {
            return caughtUpAt != null;
        }
    }

    private final SubscriberCatchUp catchUp;
    private volatile Snapshot snapshot;

    public SubscriberLagMonitor(SubscriberCatchUp catchUp, MeterRegistry meters,
                                @Value("${faultline.compensation.subscribers.readiness-max-lag:1000}") long maxLag) {
        if (maxLag < 0) {
            throw new IllegalArgumentException("faultline.compensation.subscribers.readiness-max-lag must be >= 0");
        }
        this.catchUp = catchUp;
        this.snapshot = new Snapshot(null, null, null, maxLag);
        Gauge.builder("faultline.compensation.subscribers.lag", this, SubscriberLagMonitor::totalLag)
                .description("Records of subscribers.v1 not yet in the subscriber table")
                .register(meters);
    }

    /** Measures the lag now. */
    @Scheduled(fixedDelayString = "${faultline.compensation.subscribers.lag-interval:5s}")
    public void refresh() {
        Snapshot last = snapshot;
        try {
            SubscriberCatchUp.Lag lag = catchUp.lag();
            Instant caughtUpAt = last.caughtUpAt();
            if (caughtUpAt == null && lag.total() <= last.maxLag()) {
                caughtUpAt = lag.measuredAt();
                log.info("Subscriber table caught up with subscribers.v1: {} records behind ({})", lag.total(),
                        lag.describe());
            } else if (caughtUpAt == null) {
                log.info("Subscriber table {} records behind subscribers.v1 ({})", lag.total(), lag.describe());
            }
            snapshot = new Snapshot(lag, null, caughtUpAt, last.maxLag());
        } catch (RuntimeException e) {
            log.warn("Could not measure the lag of the subscriber table behind subscribers.v1: {}", e.toString());
            snapshot = new Snapshot(last.lag(), e.toString(), last.caughtUpAt(), last.maxLag());
        }
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    private double totalLag() {
        Snapshot current = snapshot;
        return current.lag() == null || current.failure() != null ? Double.NaN : current.lag().total();
    }
}
