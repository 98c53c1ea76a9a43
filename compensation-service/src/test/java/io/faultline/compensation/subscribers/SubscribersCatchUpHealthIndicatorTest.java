package io.faultline.compensation.subscribers;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Readiness is DOWN with the lag per partition until the table has caught up once, then UP for good. */
class SubscribersCatchUpHealthIndicatorTest {

    private final Map<Integer, SubscriberOffsets.Range> ranges = new TreeMap<>();
    private final Map<Integer, Long> committed = new HashMap<>();
    private boolean failing;

    private final SubscriberOffsets offsets = new SubscriberOffsets() {
        @Override
        public Map<Integer, Range> ranges() {
            if (failing) {
                throw new IllegalStateException("broker unreachable");
            }
            return new TreeMap<>(ranges);
        }

        @Override
        public Map<Integer, Long> committed() {
            return new HashMap<>(committed);
        }

        @Override
        public OptionalLong firstRecord(int partition, long from, long until) {
            return OptionalLong.of(from);
        }
    };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubscriberLagMonitor monitor = new SubscriberLagMonitor(
            new SubscriberCatchUp(offsets, Clock.systemUTC(), Duration.ofMillis(200)), meters, 1_000);
    private final SubscribersCatchUpHealthIndicator indicator = new SubscribersCatchUpHealthIndicator(monitor);

    private double gauge() {
        return meters.get("faultline.compensation.subscribers.lag").gauge().value();
    }

    @Test
    void downUntilMeasured() {
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("lag", "not measured yet")
                .containsEntry("readinessMaxLag", 1000L);
        assertThat(gauge()).isNaN();
    }

    @Test
    void downWithTheLagPerPartitionWhileFarBehindThenUpOnceCaughtUpAndStaysUp() {
        ranges.put(0, new SubscriberOffsets.Range(0, 200_000));
        ranges.put(1, new SubscriberOffsets.Range(0, 150_000));
        committed.put(0, 50_000L);

        monitor.refresh();
        Health behind = indicator.health();

        assertThat(behind.getStatus()).isEqualTo(Status.DOWN);
        assertThat(behind.getDetails()).containsEntry("lag", 300_000L).containsKey("measuredAt");
        assertThat(behind.getDetails().get("partitions")).isEqualTo(Map.of(
                "0", Map.of("position", 50_000L, "end", 200_000L, "lag", 150_000L),
                "1", Map.of("position", 0L, "end", 150_000L, "lag", 150_000L)));
        assertThat(gauge()).isEqualTo(300_000);

        committed.put(0, 199_500L);
        committed.put(1, 149_900L);
        monitor.refresh();
        Health nearlyThere = indicator.health();

        assertThat(nearlyThere.getStatus()).isEqualTo(Status.UP);
        assertThat(nearlyThere.getDetails()).containsEntry("lag", 600L).containsKey("caughtUpAt");
        assertThat(gauge()).isEqualTo(600);

        ranges.put(0, new SubscriberOffsets.Range(0, 400_000));
        monitor.refresh();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        assertThat(gauge()).isEqualTo(200_500 + 100);
    }

    @Test
    void aFailedMeasurementIsShownAndTheGaugeIsUnknown() {
        ranges.put(0, new SubscriberOffsets.Range(0, 10));
        committed.put(0, 10L);
        monitor.refresh();
        assertThat(gauge()).isZero();

        failing = true;
        monitor.refresh();
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("lastFailure",
                "java.lang.IllegalStateException: broker unreachable");
        assertThat(gauge()).isNaN();
    }
}
