package io.faultline.testsupport.incidents;

import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * One outage a correct detector must produce for an {@link Incident}. The scope fields are lower bounds: a
 * produced outage <em>covers</em> this expectation when its services, regions and elements include these (see
 * {@link #coveredBy}); it may hold more (descendant elements, other services of a merged outage...). The full
 * matching rules are on {@link Incident}.
 *
 * @param services           services the outage must include, not empty
 * @param regions            regions that must be in scope; empty for a platform outage (scoped by element)
 * @param elements           elements that must be in scope (e.g. {@code VM-3}); empty for a complaint-only outage
 * @param onset              true onset, event time
 * @param alarmEvident       true: an alarm announces the outage at onset, detection expected within
 *                           {@link #ALARM_DETECTION_BUDGET} of onset; false: complaint-only, within
 *                           {@link #COMPLAINT_DETECTION_BUDGET}
 * @param notResolvedBefore  the outage must not be RESOLVED before this event time (alarm still raised, or
 *                           complaints still high, less a tolerance)
 * @param resolvedBy         and must be RESOLVED by this event time; null = it stays open at the end of the incident
 */
public record ExpectedOutage(Set<Service> services, Set<String> regions, Set<String> elements, Instant onset,
                             boolean alarmEvident, Instant notResolvedBefore, Instant resolvedBy) {

    /** Detection budget of an outage an alarm announces. */
    public static final Duration ALARM_DETECTION_BUDGET = Duration.ofSeconds(60);

    /** Detection budget of a complaint-only outage. */
    public static final Duration COMPLAINT_DETECTION_BUDGET = Duration.ofMinutes(3);

    public ExpectedOutage {
        services = Set.copyOf(services);
        regions = Set.copyOf(regions);
        elements = Set.copyOf(elements);
        Objects.requireNonNull(onset, "onset");
        Objects.requireNonNull(notResolvedBefore, "notResolvedBefore");
        if (services.isEmpty()) {
            throw new IllegalArgumentException("an expected outage affects at least one service");
        }
        if (regions.isEmpty() && elements.isEmpty()) {
            throw new IllegalArgumentException("an expected outage names regions or elements");
        }
        if (notResolvedBefore.isBefore(onset)) {
            throw new IllegalArgumentException("notResolvedBefore is before onset");
        }
        if (resolvedBy != null && !resolvedBy.isAfter(notResolvedBefore)) {
            throw new IllegalArgumentException("resolvedBy must be after notResolvedBefore");
        }
    }

    /** {@link #ALARM_DETECTION_BUDGET} or {@link #COMPLAINT_DETECTION_BUDGET}. */
    public Duration detectionBudget() {
        return alarmEvident ? ALARM_DETECTION_BUDGET : COMPLAINT_DETECTION_BUDGET;
    }

    /**
     * Latest event time of detection when events are delivered in event-time order: onset plus the budget. For an
     * incident delivered out of order use {@link Incident#detectBy(ExpectedOutage)}, which adds the lateness.
     */
    public Instant detectBy() {
        return onset.plus(detectionBudget());
    }

    /** True when the outage is expected to be resolved within the incident. */
    public boolean expectsResolution() {
        return resolvedBy != null;
    }

    /**
     * True when a produced outage of that scope covers this expectation: its services include {@link #services()},
     * its regions include {@link #regions()} and its elements include {@link #elements()}.
     */
    public boolean coveredBy(Collection<Service> producedServices, Collection<String> producedRegions,
                             Collection<String> producedElements) {
        return producedServices.containsAll(services) && producedRegions.containsAll(regions)
                && producedElements.containsAll(elements);
    }

    /** The same expectation moved in time. */
    public ExpectedOutage shifted(Duration offset) {
        return new ExpectedOutage(services, regions, elements, onset.plus(offset), alarmEvident,
                notResolvedBefore.plus(offset), resolvedBy == null ? null : resolvedBy.plus(offset));
    }
}
