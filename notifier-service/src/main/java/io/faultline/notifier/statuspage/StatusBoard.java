package io.faultline.notifier.statuspage;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The public record of outages behind the status page, built from outage events alone (so it holds no personal
 * data): every open incident, and those resolved within {@code recentWindow}. Events may come in any order and
 * more than once; each outage version counts once, and the highest version is the incident's state. Resolved
 * incidents older than the window are forgotten. Thread-safe; time is passed in.
 */
public final class StatusBoard {

    private record Known(OutageSnapshot latest, OutageStatus stage, TreeMap<Long, TimelineEntry> timeline) {
    }

    private final Duration recentWindow;
    private final Map<String, Known> outages = new HashMap<>();

    public StatusBoard(Duration recentWindow) {
        if (recentWindow.isNegative() || recentWindow.isZero()) {
            throw new IllegalArgumentException("the recent window must be positive, was " + recentWindow);
        }
        this.recentWindow = recentWindow;
    }

    /** How long a resolved incident stays on the page. */
    public Duration recentWindow() {
        return recentWindow;
    }

    /**
     * Records an outage event; a version already known changes nothing. Incidents resolved before the recent window
     * (as of {@code now}) are forgotten, so an instance whose page nobody reads does not keep every outage it replays.
     */
    public synchronized void record(OutageEvent event, Instant now) {
        forgetEndedBefore(now.minus(recentWindow));
        OutageSnapshot outage = event.outage();
        Known known = outages.computeIfAbsent(outage.outageId(), id -> new Known(outage, event.status(),
                new TreeMap<>()));
        if (known.timeline().containsKey(outage.version())) {
            return;
        }
        known.timeline().put(outage.version(), new TimelineEntry(outage.version(), event.status(), event.occurredAt(),
                outage.scope().services(), outage.scope().regions(), outage.publicMessage(), outage.eta(),
                outage.mergedInto()));
        if (outage.version() >= known.latest().version()) {
            outages.put(outage.outageId(), new Known(outage, event.status(), known.timeline()));
        }
    }

    /**
     * The page at {@code now}, optionally narrowed to one region and one service (null for all). Resolved
     * incidents that ended before the recent window are dropped for good.
     */
    public synchronized StatusView view(Instant now, String region, Service service) {
        forgetEndedBefore(now.minus(recentWindow));
        List<Incident> current = new ArrayList<>();
        List<Incident> recent = new ArrayList<>();
        for (Known known : outages.values()) {
            Incident incident = incidentOf(known);
            if (region != null && !incident.regions().contains(region)
                    || service != null && !incident.services().contains(service)) {
                continue;
            }
            (incident.open() ? current : recent).add(incident);
        }
        current.sort(Comparator.comparing(Incident::lastChangedAt).reversed().thenComparing(Incident::reference));
        recent.sort(Comparator.comparing(Incident::endedAt).reversed().thenComparing(Incident::reference));
        Map<String, Set<Service>> byRegion = new TreeMap<>();
        for (Incident incident : recent) {
            incident.regions().forEach(r -> byRegion.computeIfAbsent(r, any -> new TreeSet<>()));
        }
        for (Incident incident : current) {
            incident.regions().forEach(r -> byRegion.computeIfAbsent(r, any -> new TreeSet<>())
                    .addAll(incident.services()));
        }
        byRegion.replaceAll((r, services) -> services.isEmpty() ? Set.of() : EnumSet.copyOf(services));
        return new StatusView(now, List.copyOf(current), List.copyOf(recent), byRegion, region, service);
    }

    private void forgetEndedBefore(Instant horizon) {
        outages.values().removeIf(known -> known.stage() == OutageStatus.RESOLVED && endOf(known).isBefore(horizon));
    }

    private static Instant endOf(Known known) {
        Instant ended = known.latest().endedAt();
        return ended != null ? ended : known.timeline().lastEntry().getValue().at();
    }

    private static Incident incidentOf(Known known) {
        OutageSnapshot latest = known.latest();
        boolean open = known.stage() != OutageStatus.RESOLVED;
        return new Incident(latest.outageId(), latest.title(), latest.severity(), known.stage(),
                latest.scope().services(), latest.scope().regions(), latest.startedAt(),
                open ? null : endOf(known), open ? latest.eta() : null, latest.publicMessage(),
                latest.mergedInto(), List.copyOf(known.timeline().values()));
    }
}
