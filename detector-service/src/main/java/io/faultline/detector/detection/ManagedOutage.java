package io.faultline.detector.detection;

import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An outage as the manager keeps it: the last published snapshot, what holds it open, and its history.
 *
 * @param snapshot        last published state
 * @param status          last published stage
 * @param manual          declared by the NOC: it only resolves by hand
 * @param rootElements    failed elements that define the scope (the highest failed elements)
 * @param activeElements  failed elements holding it open: roots and the children they suppressed
 * @param activeSurges    (region|SERVICE) complaint surges holding it open
 * @param restoredAnnounced whether "the network reports restored but customers are still affected" was published
 * @param timeline        history, oldest first, at most {@link #TIMELINE_LIMIT} entries
 */
public record ManagedOutage(OutageSnapshot snapshot, OutageStatus status, boolean manual, Set<String> rootElements,
                            Set<String> activeElements, Set<String> activeSurges, boolean restoredAnnounced,
                            List<TimelineEntry> timeline) {

    public static final int TIMELINE_LIMIT = 500;

    public ManagedOutage {
        rootElements = Set.copyOf(rootElements);
        activeElements = Set.copyOf(activeElements);
        activeSurges = Set.copyOf(activeSurges);
        timeline = List.copyOf(timeline);
    }

    public String id() {
        return snapshot.outageId();
    }

    public boolean open() {
        return status != OutageStatus.RESOLVED;
    }

    /** Whether nothing holds the outage open any more: no failed element, no surge. */
    public boolean nothingActive() {
        return activeElements.isEmpty() && activeSurges.isEmpty();
    }

    ManagedOutage with(OutageSnapshot newSnapshot, OutageStatus newStatus) {
        return new ManagedOutage(newSnapshot, newStatus, manual, rootElements, activeElements, activeSurges,
                restoredAnnounced, timeline);
    }

    ManagedOutage withSnapshot(OutageSnapshot newSnapshot) {
        return with(newSnapshot, status);
    }

    ManagedOutage withElements(Set<String> roots, Set<String> active) {
        return new ManagedOutage(snapshot, status, manual, roots, active, activeSurges, restoredAnnounced, timeline);
    }

    ManagedOutage withSurges(Set<String> surges) {
        return new ManagedOutage(snapshot, status, manual, rootElements, activeElements, surges, restoredAnnounced,
                timeline);
    }

    ManagedOutage withRestoredAnnounced(boolean announced) {
        return new ManagedOutage(snapshot, status, manual, rootElements, activeElements, activeSurges, announced,
                timeline);
    }

    ManagedOutage log(TimelineEntry entry) {
        List<TimelineEntry> entries = new ArrayList<>(timeline);
        entries.add(entry);
        if (entries.size() > TIMELINE_LIMIT) {
            entries = new ArrayList<>(entries.subList(entries.size() - TIMELINE_LIMIT, entries.size()));
        }
        return new ManagedOutage(snapshot, status, manual, rootElements, activeElements, activeSurges,
                restoredAnnounced, entries);
    }

    static Set<String> plus(Set<String> set, String item) {
        Set<String> result = new LinkedHashSet<>(set);
        result.add(item);
        return result;
    }

    static Set<String> minus(Set<String> set, String item) {
        Set<String> result = new LinkedHashSet<>(set);
        result.remove(item);
        return result;
    }
}
