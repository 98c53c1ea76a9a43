package io.faultline.detector.detection;

import io.faultline.common.events.AlarmSeverity;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns alarms on one element into outage lifecycle events. A critical or major alarm on an element that carries
 * services opens an outage scoped by the topology (the element, its descendants, its regions and services;
 * platforms are scoped to the subscribers homed on them, so no regions); further alarms on the element join it;
 * the outage resolves when the last of its alarms has stayed clear for a hold-down period, so an alarm that
 * flaps (raised and cleared ten times in five minutes) is one outage with one resolution, not ten; a new
 * failure of the element within the reopen window after the end REOPENS the same outage (same id, next
 * version) rather than opening another. Out of order: a clear that arrives before its raise is remembered by the
 * caller for a grace period; the late raise then opens nothing if the two are closer than the hold-down, or an
 * outage already clearing if they are further apart; a late raise from within a resolved outage changes nothing. Time is
 * passed in: event time from the alarms, processing time from the caller.
 */
public final class AlarmCorrelator {

    static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);
    static final double ALARM_CONFIDENCE = 0.9;

    private final Duration clearHoldDown;
    private final Duration reopenWindow;

    /**
     * @param clearHoldDown how long the last alarm must stay clear before the outage resolves
     * @param reopenWindow  how long after its end a new failure of the same element reopens an outage (same id,
     *                      next version) instead of opening a new one
     */
    public AlarmCorrelator(Duration clearHoldDown, Duration reopenWindow) {
        this.clearHoldDown = clearHoldDown;
        this.reopenWindow = reopenWindow;
    }

    /**
     * Applies one alarm.
     *
     * @param alarm    the alarm
     * @param current  the outage open on the alarm's element, or null
     * @param topology the inventory
     * @param recentlyResolved the last outage of the element if it resolved within the reopen window, or null
     * @param earlyClearAt event time of a clear of this alarm that arrived before this raise (out of order),
     *                     or null
     * @param now      processing time, recorded when a clear starts the hold-down
     */
    public AlarmDecision onAlarm(NetworkAlarm alarm, OpenOutage current, TopologyView topology,
                                 OutageSnapshot recentlyResolved, Instant earlyClearAt, Instant now) {
        if (alarm.isClear()) {
            return onClear(alarm, current, now);
        }
        if (!alarm.severity().isServiceAffecting()) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.NOT_SERVICE_AFFECTING, current);
        }
        boolean clearedAlready = earlyClearAt != null && !earlyClearAt.isBefore(alarm.eventTime());
        if (current != null) {
            if (clearedAlready) {
                return AlarmDecision.unchanged(AlarmDecision.Outcome.CLEARED_BEFORE_RAISE, current);
            }
            Set<String> alarms = new HashSet<>(current.activeAlarmIds());
            alarms.add(alarm.alarmId());
            return new AlarmDecision(current.clearing() ? AlarmDecision.Outcome.FLAP_DAMPED
                    : AlarmDecision.Outcome.JOINED_OPEN_OUTAGE,
                    Optional.of(new OpenOutage(current.outage(), alarms)), List.of());
        }
        if (clearedAlready && Duration.between(alarm.eventTime(), earlyClearAt).compareTo(clearHoldDown) < 0) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.CLEARED_BEFORE_RAISE, null);
        }
        if (recentlyResolved != null && !alarm.eventTime().isAfter(recentlyResolved.endedAt())
                && !alarm.eventTime().isBefore(recentlyResolved.startedAt())) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.LATE_FOR_RESOLVED_OUTAGE, null);
        }
        if (recentlyResolved != null && !alarm.eventTime().isAfter(recentlyResolved.endedAt().plus(reopenWindow))
                && alarm.eventTime().isAfter(recentlyResolved.endedAt())) {
            OutageSnapshot reopened = reopen(recentlyResolved, alarm);
            return new AlarmDecision(AlarmDecision.Outcome.REOPENED,
                    Optional.of(new OpenOutage(reopened, Set.of(alarm.alarmId()))),
                    List.of(OutageEvent.of(OutageStatus.REOPENED, alarm.eventTime(), reopened)));
        }
        Optional<NetworkElement> element = topology.element(alarm.sourceId());
        if (element.isEmpty()) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.UNKNOWN_ELEMENT, null);
        }
        if (element.get().services().isEmpty()) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.ELEMENT_CARRIES_NO_SERVICE, null);
        }
        OutageSnapshot outage = open(alarm, element.get(), topology);
        OpenOutage state = clearedAlready
                ? new OpenOutage(outage, Set.of(), earlyClearAt, now)
                : new OpenOutage(outage, Set.of(alarm.alarmId()));
        return new AlarmDecision(AlarmDecision.Outcome.OPENED, Optional.of(state),
                List.of(OutageEvent.of(OutageStatus.DETECTED, alarm.eventTime(), outage)));
    }

    private AlarmDecision onClear(NetworkAlarm clear, OpenOutage current, Instant now) {
        if (current == null || !current.activeAlarmIds().contains(clear.alarmId())) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.CLEAR_WITHOUT_RAISE, current);
        }
        Set<String> remaining = new HashSet<>(current.activeAlarmIds());
        remaining.remove(clear.alarmId());
        if (!remaining.isEmpty()) {
            return new AlarmDecision(AlarmDecision.Outcome.CLEARED_ONE_OF_SEVERAL,
                    Optional.of(new OpenOutage(current.outage(), remaining)), List.of());
        }
        return new AlarmDecision(AlarmDecision.Outcome.CLEARING,
                Optional.of(new OpenOutage(current.outage(), Set.of(), clear.eventTime(), now)), List.of());
    }

    /**
     * Resolves an outage whose alarms have all stayed clear for the hold-down, measured in event time (the
     * element's partition has moved on) or in processing time (nothing else arrived).
     *
     * @param current    an open outage
     * @param streamTime latest event time seen
     * @param now        processing time
     */
    public AlarmDecision onTick(OpenOutage current, Instant streamTime, Instant now) {
        if (!current.clearing()) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.JOINED_OPEN_OUTAGE, current);
        }
        boolean heldInEventTime = !streamTime.isBefore(current.clearedAt().plus(clearHoldDown));
        boolean heldInProcessingTime = !now.isBefore(current.clearSeenAt().plus(clearHoldDown));
        if (!heldInEventTime && !heldInProcessingTime) {
            return AlarmDecision.unchanged(AlarmDecision.Outcome.CLEARING, current);
        }
        OutageSnapshot resolved = current.outage().next(current.clearedAt());
        return new AlarmDecision(AlarmDecision.Outcome.RESOLVED, Optional.empty(),
                List.of(OutageEvent.of(OutageStatus.RESOLVED, current.clearedAt(), resolved)));
    }

    /** Whether a resolved outage can still be reopened at the given event time. */
    public boolean reopenable(OutageSnapshot resolved, Instant eventTime) {
        return !eventTime.isAfter(resolved.endedAt().plus(reopenWindow));
    }

    private static OutageSnapshot reopen(OutageSnapshot resolved, NetworkAlarm alarm) {
        List<String> alarmIds = new java.util.ArrayList<>(resolved.evidence().alarmIds());
        if (!alarmIds.contains(alarm.alarmId())) {
            alarmIds.add(alarm.alarmId());
        }
        Evidence evidence = new Evidence(alarmIds, resolved.evidence().complaintCount(),
                resolved.evidence().complaintBaseline(), resolved.evidence().confidence());
        return new OutageSnapshot(resolved.outageId(), resolved.version() + 1, resolved.title(), resolved.severity(),
                resolved.scope(), resolved.startedAt(), resolved.detectedAt(), null, evidence,
                resolved.estimatedAffected(), resolved.publicMessage());
    }

    private OutageSnapshot open(NetworkAlarm alarm, NetworkElement element, TopologyView topology) {
        Set<String> elements = new TreeSet<>(topology.descendants(element.elementId()));
        elements.add(element.elementId());
        Set<String> regions = element.type().isPlatform() ? Set.of() : new TreeSet<>(element.regions());
        OutageScope scope = new OutageScope(element.services(), regions, elements);
        OutageSeverity severity = alarm.severity() == AlarmSeverity.CRITICAL ? OutageSeverity.CRITICAL
                : OutageSeverity.MAJOR;
        return new OutageSnapshot(outageId(alarm), 1, title(element), severity, scope, alarm.eventTime(),
                alarm.eventTime(), null, new Evidence(List.of(alarm.alarmId()), 0, 0, ALARM_CONFIDENCE),
                element.subscribersServed(), null);
    }

    /** Deterministic: the same raise always yields the same id, so a replay cannot create a second outage. */
    static String outageId(NetworkAlarm raise) {
        return "OUT-" + ID_TIME.format(raise.eventTime()) + "-" + raise.sourceId();
    }

    static String title(NetworkElement element) {
        String services = element.services().stream().sorted().map(AlarmCorrelator::serviceName)
                .collect(Collectors.joining(", "));
        String where;
        if (element.type().isPlatform()) {
            where = " for customers of " + element.elementId();
        } else if (element.regions().isEmpty()) {
            where = "";
        } else if (element.regions().size() > 4) {
            where = " in " + element.regions().size() + " regions";
        } else {
            where = " in " + String.join(", ", new TreeSet<>(element.regions()));
        }
        return capitalize(services) + " unavailable" + where;
    }

    static String serviceName(Service service) {
        return switch (service) {
            case DATA -> "mobile data";
            case SMS -> "SMS";
            case VOICE -> "calls";
            case VOICEMAIL -> "voicemail";
            case MAIL -> "email";
        };
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
