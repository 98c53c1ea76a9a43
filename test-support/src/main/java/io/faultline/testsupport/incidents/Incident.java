package io.faultline.testsupport.incidents;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A replayable incident: the network, every alarm and complaint (background noise included), and what a correct
 * detector must make of them. Built by {@link Incidents}; pure data, deterministic.
 *
 * <h2>Order of the events</h2>
 * {@link #events()} is the order in which to deliver the events (pipe them into a {@code TopologyTestDriver} or
 * produce them to a broker in this order). For every incident but {@code out-of-order-complaints} that is
 * event-time order. In {@code out-of-order-complaints} each complaint reaches the detector a random 0 to 4 minutes
 * after its event time and the list is in that delivery order, so event times go backwards up to
 * {@link #maxLateness()} (about 4 minutes). Every event time lies in [{@link #start()}, {@link #end()}); the
 * topology is stamped one day before {@link #start()}, so it can be loaded first.
 *
 * <h2>When does a detector pass?</h2>
 * Take the outage lifecycle events the detector produced for the run ({@code outages.v1}: DETECTED, UPDATED,
 * RESOLVED, REOPENED), grouped by outage id. Times below are the event times the detector records:
 * {@code detectedAt} for detection and {@code endedAt} of the RESOLVED event for resolution.
 * <ol>
 *   <li><b>Match.</b> A produced outage matches an {@link ExpectedOutage} when the union of the scopes of its
 *       lifecycle events covers it ({@link ExpectedOutage#coveredBy}: services, regions and elements each include
 *       the expected ones). A RESOLVED event with {@code mergedInto} set is a merge, not a resolution: the scope
 *       of the merged outage then counts as part of the outage it went into.</li>
 *   <li><b>Every expected outage is found in time.</b> At least one produced outage matches it, and the earliest
 *       {@code detectedAt} among those is no later than {@link #detectBy(ExpectedOutage)} (onset + 60 s when an
 *       alarm announces it, onset + 3 min for a complaint-only outage, plus {@link #maxLateness()}).</li>
 *   <li><b>No false outage.</b> Every produced outage matches at least one expected outage, and there are at most
 *       {@link #maxOutages()} of them ({@code expected().size()}: several expected outages may be covered by one
 *       merged outage, never split further). So with no expected outage, not a single DETECTED.</li>
 *   <li><b>Resolution.</b> Let E be the expected outages a produced outage matches. It is not RESOLVED before the
 *       latest {@code notResolvedBefore} of E, and it is RESOLVED by the latest {@code resolvedBy} of E (if one of
 *       them is null the outage must still be open at {@link #end()}). This is how a merged outage is judged: in
 *       {@code orange-2012-signalling} one outage holding VOICE, SMS and DATA resolves after the data failure,
 *       two separate outages each resolve after their own failure.</li>
 *   <li><b>Clean lifecycle.</b> Each produced outage has exactly one DETECTED, at most one RESOLVED and no
 *       REOPENED. In none of these incidents does a correct detector close and reopen: a flapping alarm, an alarm
 *       cleared while complaints stay high, and late complaints must all be absorbed.</li>
 * </ol>
 *
 * @param name        stable name, one of {@link Incidents#NAMES}
 * @param description what happened and what it tests
 * @param topology    the network inventory ({@link IncidentNetwork#topology(Instant)}), to load before the events
 * @param events      alarms and complaints including background noise, in delivery order (see above)
 * @param start       start of the span: no event before it
 * @param end         end of the span: every event is before it; the span runs at least 30 minutes past the latest
 *                    {@code resolvedBy}, so stream time passes every deadline
 * @param expected    what a correct detector must produce; empty = no outage at all
 * @param surges      the complaint surges injected on top of the noise (for measuring and for the benchmark)
 */
public record Incident(String name, String description, List<NetworkElement> topology, List<FaultlineEvent> events,
                       Instant start, Instant end, List<ExpectedOutage> expected, List<Surge> surges) {

    public Incident {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        topology = List.copyOf(topology);
        events = List.copyOf(events);
        expected = List.copyOf(expected);
        surges = List.copyOf(surges);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start must be before end");
        }
        for (FaultlineEvent event : events) {
            if (!(event instanceof NetworkAlarm) && !(event instanceof CustomerComplaint)) {
                throw new IllegalArgumentException("incidents hold alarms and complaints only, not " + event);
            }
            if (event.occurredAt().isBefore(start) || !event.occurredAt().isBefore(end)) {
                throw new IllegalArgumentException("event outside [start, end): " + event);
            }
        }
    }

    /** The events in the order to deliver them: {@link #events()}. */
    public List<FaultlineEvent> inDeliveryOrder() {
        return events;
    }

    /** The alarms, in delivery order. */
    public List<NetworkAlarm> alarms() {
        return events.stream().filter(NetworkAlarm.class::isInstance).map(NetworkAlarm.class::cast).toList();
    }

    /** The complaints, in delivery order. */
    public List<CustomerComplaint> complaints() {
        return events.stream().filter(CustomerComplaint.class::isInstance).map(CustomerComplaint.class::cast)
                .toList();
    }

    /**
     * How far the event time of a delivered event can lag behind the latest event time delivered before it: zero
     * when {@link #events()} is in event-time order, about 4 minutes for {@code out-of-order-complaints}. A Kafka
     * Streams detector needs a grace period of at least this much not to drop late complaints.
     */
    public Duration maxLateness() {
        Instant latest = Instant.MIN;
        Duration max = Duration.ZERO;
        for (FaultlineEvent event : events) {
            Instant at = event.occurredAt();
            if (at.isAfter(latest)) {
                latest = at;
            } else {
                Duration lag = Duration.between(at, latest);
                if (lag.compareTo(max) > 0) {
                    max = lag;
                }
            }
        }
        return max;
    }

    /** True when {@link #events()} is in event-time order. */
    public boolean deliveredInEventTimeOrder() {
        return maxLateness().isZero();
    }

    /**
     * Latest {@code detectedAt} that passes for {@code outage}: {@link ExpectedOutage#detectBy()} plus
     * {@link #maxLateness()} (the evidence of the first minutes may reach the detector that much later).
     */
    public Instant detectBy(ExpectedOutage outage) {
        return outage.detectBy().plus(maxLateness());
    }

    /** Most distinct outages a correct detector may produce: {@code expected().size()}. */
    public int maxOutages() {
        return expected.size();
    }

    /**
     * The same incident with every time moved by the same offset so that {@link #end()} becomes {@code newEnd}:
     * events, topology stamps, span, expectations and surges. For replays on a real broker, where 2012 timestamps
     * would fall to retention at once. Delivery order is kept.
     */
    public Incident shiftedTo(Instant newEnd) {
        Duration offset = Duration.between(end, newEnd);
        List<NetworkElement> movedTopology = topology.stream().map(element -> new NetworkElement(
                element.elementId(), element.type(), element.parentId(), element.regions(), element.services(),
                element.subscribersServed(), element.updatedAt().plus(offset))).toList();
        List<FaultlineEvent> movedEvents = events.stream().map(event -> shifted(event, offset)).toList();
        return new Incident(name, description, movedTopology, movedEvents, start.plus(offset), newEnd,
                expected.stream().map(outage -> outage.shifted(offset)).toList(),
                surges.stream().map(surge -> surge.shifted(offset)).toList());
    }

    /** An alarm or complaint moved in time by {@code offset}. */
    public static FaultlineEvent shifted(FaultlineEvent event, Duration offset) {
        return switch (event) {
            case NetworkAlarm a -> new NetworkAlarm(a.alarmId(), a.sourceId(), a.severity(), a.alarmType(),
                    a.probableCause(), a.specificProblem(), a.eventTime().plus(offset));
            case CustomerComplaint c -> new CustomerComplaint(c.complaintId(), c.subscriberId(), c.region(),
                    c.cellId(), c.service(), c.channel(), c.time().plus(offset));
            default -> throw new IllegalArgumentException("incidents hold alarms and complaints only");
        };
    }

    @Override
    public String toString() {
        return "Incident[" + name + ", " + events.size() + " events, " + start + " .. " + end + ", expected="
                + expected + "]";
    }
}
