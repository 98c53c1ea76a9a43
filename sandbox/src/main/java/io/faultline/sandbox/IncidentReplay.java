package io.faultline.sandbox;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.testsupport.incidents.ExpectedOutage;
import io.faultline.testsupport.incidents.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Publishes the events of an {@link Incident} (in its delivery order) to a real broker, either at once (history,
 * or the rest of an incident once what is measured is over) or in real time: each event when the replay clock
 * reaches its event time, so that a detector's wall-clock punctuations (idle complaint buckets, held clears,
 * correlation windows) behave as they would live. A cursor moves through the events; "event time reached" is the
 * latest event time published so far, since an incident may deliver late events.
 *
 * <p>Pushing at once can outrun the detector's clear hold-down, which runs in processing time when no later
 * alarm moves the element's stream time on: a clear pushed at once would resolve only after every later event
 * (complaints hours later included) had been read. {@link ClearPacing} keeps the live order: once the events
 * pushed reach a clear of a service-affecting alarm plus the hold-down, it waits until the detector has read the
 * clear and the hold-down has passed in wall time. A raise of the same alarm within the hold-down (a flap)
 * cancels the wait, as it cancels the resolution.
 */
public final class IncidentReplay {

    private static final Duration CLEAR_MARGIN = Duration.ofSeconds(3);

    /**
     * How to pace clears when pushing at once.
     *
     * @param holdDown          the detector's clear hold-down; zero: no pacing
     * @param awaitDetectorRead waits until the detector has read every event published so far
     */
    public record ClearPacing(Duration holdDown, Runnable awaitDetectorRead) {

        /** No pacing: clears go out as fast as the rest. */
        public static final ClearPacing NONE = new ClearPacing(Duration.ZERO, () -> { });
    }

    private record PendingClear(Instant eventTime, long publishedNanos) {
    }

    private final EventPublisher publisher;
    private final List<FaultlineEvent> events;
    private final double speed;
    private final Runnable checkAlive;
    private final Set<String> raisedServiceAffecting = new HashSet<>();
    private final Map<String, PendingClear> pendingClears = new LinkedHashMap<>();
    private int next;
    private Instant reached = Instant.MIN;

    /**
     * @param publisher  where to publish
     * @param incident   the incident, already shifted to the times to publish
     * @param speed      event time per wall time in real time (1 = faithful)
     * @param checkAlive called while waiting; throws when a process the replay depends on has died
     */
    public IncidentReplay(EventPublisher publisher, Incident incident, double speed, Runnable checkAlive) {
        if (!(speed >= 1)) {
            throw new IllegalArgumentException("speed must be >= 1, was " + speed);
        }
        this.publisher = publisher;
        this.events = incident.inDeliveryOrder();
        this.speed = speed;
        this.checkAlive = checkAlive;
    }

    /** Latest event time published so far; {@link Instant#MIN} before the first event. */
    public Instant reached() {
        return reached;
    }

    /** True when every event has been published. */
    public boolean finished() {
        return next >= events.size();
    }

    /** Publishes at once every event before the one that would take the event time reached to {@code until}. */
    public long pushUntil(Instant until, ClearPacing pacing) throws InterruptedException {
        long pushed = 0;
        while (!finished() && reachedWith(events.get(next)).isBefore(until)) {
            FaultlineEvent event = events.get(next);
            awaitClearsHeldBefore(reachedWith(event), pacing);
            publish(event);
            pushed++;
        }
        publisher.flush();
        return pushed;
    }

    /** Publishes every remaining event at once. */
    public long pushRest(ClearPacing pacing) throws InterruptedException {
        return pushUntil(Instant.MAX, pacing);
    }

    /**
     * Publishes in real time: event time {@code from} is now, and the replay clock runs {@code speed} times the
     * wall clock from there. Stops when {@code done} holds, or when the clock passes {@code until} (the next event
     * due after it is left for later), waiting past the last event if need be.
     *
     * @return whether {@code done} held
     */
    public boolean playInRealTime(Instant from, Instant until, BooleanSupplier done) throws InterruptedException {
        long startNanos = System.nanoTime();
        while (!finished() && !done.getAsBoolean()) {
            Instant due = reachedWith(events.get(next));
            if (due.isAfter(until)) {
                break;
            }
            while (clock(from, startNanos).isBefore(due) && !done.getAsBoolean()) {
                checkAlive.run();
                long waitMs = (long) (Duration.between(clock(from, startNanos), due).toMillis() / speed);
                Thread.sleep(Math.clamp(waitMs, 1, 100));
            }
            if (done.getAsBoolean()) {
                break;
            }
            publish(events.get(next));
        }
        publisher.flush();
        while (!done.getAsBoolean() && clock(from, startNanos).isBefore(until)) {
            checkAlive.run();
            Thread.sleep(100);
        }
        return done.getAsBoolean();
    }

    private Instant clock(Instant from, long startNanos) {
        return from.plusMillis((long) ((System.nanoTime() - startNanos) / 1_000_000.0 * speed));
    }

    private Instant reachedWith(FaultlineEvent event) {
        return event.occurredAt().isAfter(reached) ? event.occurredAt() : reached;
    }

    private void publish(FaultlineEvent event) {
        if (event instanceof NetworkAlarm alarm) {
            if (alarm.isClear() && raisedServiceAffecting.remove(alarm.alarmId())) {
                pendingClears.put(alarm.alarmId(), new PendingClear(alarm.eventTime(), System.nanoTime()));
            } else if (!alarm.isClear() && alarm.severity().isServiceAffecting()) {
                raisedServiceAffecting.add(alarm.alarmId());
                pendingClears.remove(alarm.alarmId());
            }
        }
        publisher.publish(event);
        reached = reachedWith(event);
        next++;
    }

    private void awaitClearsHeldBefore(Instant eventTime, ClearPacing pacing) throws InterruptedException {
        if (pacing.holdDown().isZero()) {
            pendingClears.clear();
            return;
        }
        var held = pendingClears.entrySet().stream()
                .filter(e -> !eventTime.isBefore(e.getValue().eventTime().plus(pacing.holdDown()))).toList();
        if (held.isEmpty()) {
            return;
        }
        publisher.flush();
        pacing.awaitDetectorRead().run();
        long readNanos = System.nanoTime();
        for (var clear : held) {
            long heldUntil = Math.max(clear.getValue().publishedNanos(), readNanos)
                    + pacing.holdDown().plus(CLEAR_MARGIN).toNanos();
            while (System.nanoTime() < heldUntil) {
                checkAlive.run();
                Thread.sleep(Math.clamp((heldUntil - System.nanoTime()) / 1_000_000, 1, 200));
            }
            pendingClears.remove(clear.getKey());
        }
    }

    /**
     * The earliest event time, not before the onset, at which one published outage's scope (the union over its
     * lifecycle events, in publication order) covers the expectation; null if none does. The event time of a
     * coverage is the outage's {@code detectedAt} when its DETECTED (or REOPENED) event covers it, the time of
     * the UPDATED event that widened it otherwise.
     */
    public static Instant firstCoverage(ExpectedOutage goal, List<OutageEvent> published) {
        Map<String, Scope> scopes = new HashMap<>();
        Instant earliest = null;
        for (OutageEvent event : published) {
            Scope scope = scopes.computeIfAbsent(event.outage().outageId(), id -> new Scope());
            boolean coveredBefore = scope.covers(goal);
            scope.add(event);
            if (coveredBefore || !scope.covers(goal) || event.status() == OutageStatus.RESOLVED) {
                continue;
            }
            Instant at = event.status() == OutageStatus.DETECTED || event.status() == OutageStatus.REOPENED
                    ? event.outage().detectedAt() : event.occurredAt();
            if (!at.isBefore(goal.onset()) && (earliest == null || at.isBefore(earliest))) {
                earliest = at;
            }
        }
        return earliest;
    }

    /** True when every goal is covered by the published outages. */
    public static boolean allCovered(List<ExpectedOutage> goals, List<OutageEvent> published) {
        return goals.stream().allMatch(goal -> firstCoverage(goal, published) != null);
    }

    /** Union of the scopes of one outage's lifecycle events. */
    private static final class Scope {
        private final Set<Service> services = EnumSet.noneOf(Service.class);
        private final Set<String> regions = new HashSet<>();
        private final Set<String> elements = new HashSet<>();

        void add(OutageEvent event) {
            services.addAll(event.outage().scope().services());
            regions.addAll(event.outage().scope().regions());
            elements.addAll(event.outage().scope().elements());
        }

        boolean covers(ExpectedOutage goal) {
            return goal.coveredBy(services, regions, elements);
        }
    }
}
