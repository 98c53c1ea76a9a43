package io.faultline.testsupport.incidents;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges what a detector produced for an {@link Incident} by the rules written on {@link Incident}: every expected
 * outage found in time, no false outage, no resolution while the failure lasts, a clean lifecycle.
 *
 * @param incident         incident name
 * @param failures         each broken rule in words; empty when the detector passed
 * @param detectionDelays  per expected outage (in the order of {@link Incident#expected()}), event time from its
 *                         onset to the moment the produced outages first covered it (the {@code detectedAt} of a
 *                         DETECTED event, the {@code occurredAt} of an UPDATED event that widened a scope to
 *                         it); absent when not found
 */
public record IncidentVerdict(String incident, List<String> failures, List<Optional<Duration>> detectionDelays) {

    public IncidentVerdict {
        failures = List.copyOf(failures);
        detectionDelays = List.copyOf(detectionDelays);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** The longest detection delay of the incident, absent when it expects no outage or one was not found. */
    public Optional<Duration> worstDetectionDelay() {
        if (detectionDelays.isEmpty() || detectionDelays.stream().anyMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        return detectionDelays.stream().map(Optional::get).max(Comparator.naturalOrder());
    }

    /**
     * Judges the outage events a detector published for the incident.
     *
     * @param incident the incident replayed
     * @param events   every outage lifecycle event published, in publication order
     */
    public static IncidentVerdict judge(Incident incident, List<OutageEvent> events) {
        List<String> failures = new ArrayList<>();
        Map<String, List<OutageEvent>> byOutage = new LinkedHashMap<>();
        events.forEach(event -> byOutage.computeIfAbsent(event.outage().outageId(), id -> new ArrayList<>())
                .add(event));
        Map<String, Scope> scopes = new LinkedHashMap<>();
        byOutage.forEach((id, lifecycle) -> scopes.put(id, Scope.of(lifecycle)));
        byOutage.forEach((id, lifecycle) -> mergedInto(lifecycle)
                .filter(scopes::containsKey)
                .ifPresent(into -> scopes.get(into).absorb(scopes.get(id))));

        List<Optional<Duration>> delays = new ArrayList<>();
        Map<String, List<ExpectedOutage>> matchedBy = new LinkedHashMap<>();
        byOutage.keySet().forEach(id -> matchedBy.put(id, new ArrayList<>()));
        for (ExpectedOutage expected : incident.expected()) {
            Instant firstDetected = null;
            for (Map.Entry<String, List<OutageEvent>> outage : byOutage.entrySet()) {
                Scope scope = scopes.get(outage.getKey());
                if (expected.coveredBy(scope.services, scope.regions, scope.elements)) {
                    matchedBy.get(outage.getKey()).add(expected);
                    Instant detectedAt = outage.getValue().get(0).outage().detectedAt();
                    firstDetected = firstDetected == null || detectedAt.isBefore(firstDetected)
                            ? detectedAt : firstDetected;
                }
            }
            // Covered by the final scopes: when in the lifecycle that coverage came about. An outage whose
            // final scope alone covers it is always found there; the detection time is only the fallback.
            Instant earliest = firstDetected == null ? null : coveredAt(expected, byOutage).orElse(firstDetected);
            if (earliest == null) {
                failures.add("expected outage " + describe(expected) + " was never detected");
                delays.add(Optional.empty());
                continue;
            }
            delays.add(Optional.of(Duration.between(expected.onset(), earliest)));
            if (earliest.isAfter(incident.detectBy(expected))) {
                failures.add("expected outage " + describe(expected) + " detected at " + earliest + ", "
                        + Duration.between(expected.onset(), earliest).toSeconds() + " s after onset; due by "
                        + incident.detectBy(expected));
            }
        }

        List<String> standing = byOutage.keySet().stream()
                .filter(id -> mergedInto(byOutage.get(id)).isEmpty()).toList();
        if (standing.size() > incident.maxOutages()) {
            failures.add(standing.size() + " outages where at most " + incident.maxOutages() + " are expected: "
                    + standing);
        }
        for (Map.Entry<String, List<OutageEvent>> outage : byOutage.entrySet()) {
            String id = outage.getKey();
            List<OutageEvent> lifecycle = outage.getValue();
            List<ExpectedOutage> matched = matchedBy.get(id);
            Optional<String> into = mergedInto(lifecycle);
            if (matched.isEmpty() && into.map(target -> !matchedBy.getOrDefault(target, List.of()).isEmpty())
                    .orElse(false)) {
                failures.addAll(lifecycleFailures(id, lifecycle));
                continue;
            }
            if (matched.isEmpty()) {
                failures.add("false outage " + id + " (" + lifecycle.get(0).outage().title() + ", scope "
                        + scopes.get(id) + ")");
                continue;
            }
            failures.addAll(lifecycleFailures(id, lifecycle));
            if (into.isPresent()) {
                continue;
            }
            failures.addAll(resolutionFailures(incident, id, lifecycle, matched));
        }
        return new IncidentVerdict(incident.name(), failures, delays);
    }

    /**
     * When the published outages first covered the expected one, in event time: each event counts at the
     * {@code detectedAt} of its outage when it is the DETECTED one and at its {@code occurredAt} otherwise, so a
     * region added to an outage by a later UPDATED event is covered only from then, and two outages merged cover
     * together only from the merge.
     */
    private static Optional<Instant> coveredAt(ExpectedOutage expected, Map<String, List<OutageEvent>> byOutage) {
        record Step(Instant at, String outageId, OutageEvent event) {
        }
        List<Step> steps = new ArrayList<>();
        byOutage.forEach((id, lifecycle) -> lifecycle.forEach(event -> steps.add(new Step(
                event.status() == OutageStatus.DETECTED ? event.outage().detectedAt() : event.occurredAt(), id,
                event))));
        steps.sort(Comparator.comparing(Step::at));
        Map<String, Scope> scopes = new LinkedHashMap<>();
        Map<String, String> mergedInto = new LinkedHashMap<>();
        for (Step step : steps) {
            scopes.computeIfAbsent(step.outageId(), id -> new Scope()).add(step.event().outage());
            if (step.event().status() == OutageStatus.RESOLVED && step.event().outage().mergedInto() != null) {
                mergedInto.put(step.outageId(), step.event().outage().mergedInto());
            }
            Map<String, Scope> unions = new LinkedHashMap<>();
            scopes.forEach((id, scope) -> unions.computeIfAbsent(root(id, mergedInto), root -> new Scope())
                    .absorb(scope));
            for (Scope union : unions.values()) {
                if (expected.coveredBy(union.services, union.regions, union.elements)) {
                    return Optional.of(step.at());
                }
            }
        }
        return Optional.empty();
    }

    private static String root(String outageId, Map<String, String> mergedInto) {
        String root = outageId;
        for (int hops = 0; mergedInto.containsKey(root) && hops <= mergedInto.size(); hops++) {
            root = mergedInto.get(root);
        }
        return root;
    }

    private static List<String> lifecycleFailures(String id, List<OutageEvent> lifecycle) {
        List<String> failures = new ArrayList<>();
        long detected = lifecycle.stream().filter(e -> e.status() == OutageStatus.DETECTED).count();
        long resolved = lifecycle.stream().filter(e -> e.status() == OutageStatus.RESOLVED).count();
        long reopened = lifecycle.stream().filter(e -> e.status() == OutageStatus.REOPENED).count();
        if (lifecycle.get(0).status() != OutageStatus.DETECTED || detected != 1) {
            failures.add(id + ": expected exactly one DETECTED, first; got " + statuses(lifecycle));
        }
        if (resolved > 1 || reopened > 0) {
            failures.add(id + ": resolved and reopened instead of staying open: " + statuses(lifecycle));
        }
        for (int i = 1; i < lifecycle.size(); i++) {
            if (lifecycle.get(i).outage().version() != lifecycle.get(i - 1).outage().version() + 1) {
                failures.add(id + ": versions not consecutive: " + lifecycle.stream()
                        .map(e -> e.outage().version()).toList());
                break;
            }
        }
        return failures;
    }

    private static List<String> resolutionFailures(Incident incident, String id, List<OutageEvent> lifecycle,
                                                   List<ExpectedOutage> matched) {
        List<String> failures = new ArrayList<>();
        Instant notBefore = matched.stream().map(ExpectedOutage::notResolvedBefore).max(Comparator.naturalOrder())
                .orElseThrow();
        boolean mustStayOpen = matched.stream().anyMatch(expected -> expected.resolvedBy() == null);
        Instant resolvedBy = matched.stream().map(ExpectedOutage::resolvedBy).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        Optional<OutageSnapshot> resolution = lifecycle.stream().filter(e -> e.status() == OutageStatus.RESOLVED)
                .map(OutageEvent::outage).findFirst();
        if (resolution.isPresent() && resolution.get().endedAt().isBefore(notBefore)) {
            failures.add(id + " resolved at " + resolution.get().endedAt() + " while the failure lasts (not before "
                    + notBefore + ")");
        }
        if (mustStayOpen && resolution.isPresent()) {
            failures.add(id + " resolved at " + resolution.get().endedAt() + " but must stay open to "
                    + incident.end());
        } else if (!mustStayOpen && resolution.isEmpty()) {
            failures.add(id + " never resolved; due by " + resolvedBy);
        } else if (!mustStayOpen && resolution.get().endedAt().isAfter(resolvedBy)) {
            failures.add(id + " resolved at " + resolution.get().endedAt() + ", after " + resolvedBy);
        }
        return failures;
    }

    private static Optional<String> mergedInto(List<OutageEvent> lifecycle) {
        return lifecycle.stream().filter(e -> e.status() == OutageStatus.RESOLVED)
                .map(e -> e.outage().mergedInto()).filter(java.util.Objects::nonNull).findFirst();
    }

    private static List<String> statuses(List<OutageEvent> lifecycle) {
        return lifecycle.stream().map(e -> e.status() + "@" + e.occurredAt()).toList();
    }

    private static String describe(ExpectedOutage expected) {
        return expected.services() + " regions " + new TreeSet<>(expected.regions()) + " elements "
                + new TreeSet<>(expected.elements()) + " (onset " + expected.onset() + ")";
    }

    /** Union of the scopes of an outage's lifecycle events, and of the outages merged into it. */
    private static final class Scope {
        private final Set<Service> services = new TreeSet<>();
        private final Set<String> regions = new TreeSet<>();
        private final Set<String> elements = new TreeSet<>();

        static Scope of(List<OutageEvent> lifecycle) {
            Scope scope = new Scope();
            lifecycle.forEach(event -> scope.add(event.outage()));
            return scope;
        }

        void add(OutageSnapshot outage) {
            services.addAll(outage.scope().services());
            regions.addAll(outage.scope().regions());
            elements.addAll(outage.scope().elements());
        }

        void absorb(Scope other) {
            services.addAll(other.services);
            regions.addAll(other.regions);
            elements.addAll(other.elements);
        }

        @Override
        public String toString() {
            return services + " " + regions + " " + (elements.size() > 6 ? elements.size() + " elements" : elements);
        }
    }
}
