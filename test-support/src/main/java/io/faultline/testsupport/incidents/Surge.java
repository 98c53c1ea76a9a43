package io.faultline.testsupport.incidents;

import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A complaint surge an incident injects on top of the {@link ComplaintNoise}: from {@code from} (inclusive) to
 * {@code to} (exclusive), the subscribers of each region in {@code regions} (only those homed on {@code platform}
 * when it is set) complain about {@code service} at {@code multiple} times their noise rate. The extra complaints
 * follow the noise's arrival model (Poisson per minute, 5% repeat complainers), so the ratio holds for distinct
 * customers as well as for complaints. It starts as a step at {@code from} and stops as a step at {@code to}.
 *
 * <p>For a platform surge the noise rate of the population is the region's noise rate times the share of the
 * region's lines homed on the platform ({@link IncidentNetwork#subscribersIn(String, String)}).
 *
 * @param service  service complained about
 * @param regions  regions whose subscribers complain (every region for a national or platform incident)
 * @param platform element the complaining subscribers are homed on (e.g. {@code VM-3}), or null for all of them
 * @param multiple total complaint rate over the noise rate, &gt; 1
 * @param from     start of the surge, event time
 * @param to       end of the surge (complaints back to baseline), event time
 */
public record Surge(Service service, Set<String> regions, String platform, double multiple, Instant from,
                    Instant to) {

    public Surge {
        Objects.requireNonNull(service, "service");
        regions = Set.copyOf(regions);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("a surge needs at least one region");
        }
        if (!(multiple > 1)) {
            throw new IllegalArgumentException("multiple must be > 1, was " + multiple);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /**
     * Expected distinct complaining customers of {@code region} during the surge with no surge at all: the noise
     * of the affected population. The surge makes it {@code multiple} times this.
     */
    public double expectedNoise(IncidentNetwork network, String region) {
        double share = platform == null ? 1.0
                : (double) network.subscribersIn(region, platform) / network.subscribersIn(region);
        return ComplaintNoise.expectedComplainants(region, service, from, to) * share;
    }

    /** Length of the surge. */
    public Duration duration() {
        return Duration.between(from, to);
    }

    /** The same surge moved in time. */
    public Surge shifted(Duration offset) {
        return new Surge(service, regions, platform, multiple, from.plus(offset), to.plus(offset));
    }
}
