package io.faultline.detector.detection;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageChange;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides the public lifecycle of outages from everything the detector knows at once: failed and restored
 * elements (alarm hygiene already done per element), complaint surges per region and service, and NOC commands.
 * <ul>
 *   <li><b>Topology correlation.</b> A failed element with a parent is held for the correlation window; a failure
 *       of an element above it within the window makes one outage of the highest failed element. An open outage
 *       suppresses new outages for elements in its scope (their alarms join it as evidence), never their
 *       clearing: a restored child leaves the outage, and when the parent is restored while children are still
 *       failed the outage narrows to them instead of resolving. A parent failing after its children's outages are
 *       published absorbs them (they end as merged into it).</li>
 *   <li><b>Fusion.</b> A complaint surge on (region, service) joins an open outage that carries the service in
 *       that region (or a platform outage of that service), raising its confidence; a surge with no outage opens
 *       a complaint-only outage (a silent failure); further regions surging on the same service widen it; an
 *       alarm in the scope of a complaint-only outage joins it and widens it to the element's scope.</li>
 *   <li><b>Lifecycle.</b> DETECTED; UPDATED when scope, severity, evidence kind, public message or ETA change,
 *       and once when the network reports restored while customers still complain; RESOLVED only when no failed
 *       element and no surge holds the outage (a declared outage only by hand); REOPENED, same id and next version,
 *       when a failure or surge in its scope returns within the reopen window.</li>
 *   <li><b>NOC control.</b> Declare, annotate (public message, ETA), merge and resolve, each recorded in the
 *       history and published with the actor on outages.v1; a command id acts once.</li>
 * </ul>
 * Time is passed in: event time from the signals, processing time from the caller.
 */
public final class OutageManager {

    static final double COMPLAINT_CONFIDENCE = 0.8;
    static final double FUSED_CONFIDENCE = 0.99;
    static final double MANUAL_CONFIDENCE = 1.0;
    static final int ALARM_IDS_LIMIT = 100;
    static final String RESTORED_BUT_COMPLAINTS = "The network reports the fault repaired, but customers are still "
            + "reporting problems: the incident stays open until they stop.";

    private final ManagerSettings settings;
    private final TopologyView topology;

    public OutageManager(ManagerSettings settings, TopologyView topology) {
        this.settings = settings;
        this.topology = topology;
    }

    /**
     * What one signal changed.
     *
     * @param events   lifecycle events to publish, in order
     * @param rejected why a NOC command was refused, null otherwise
     */
    public record Result(List<OutageEvent> events, String rejected) {

        static Result of(List<OutageEvent> events) {
            return new Result(List.copyOf(events), null);
        }

        static Result none() {
            return new Result(List.of(), null);
        }

        static Result reject(String reason) {
            return new Result(List.of(), reason);
        }
    }

    /** Applies one signal. {@code now} is processing time, used for the correlation window when input is idle. */
    public Result on(DetectionSignal signal, OutageBook book, Instant now) {
        return switch (signal) {
            case ElementSignal element when element.failed() -> Result.of(failed(element, book, now));
            case ElementSignal element -> Result.of(restored(element, book, now));
            case ComplaintSurge surge -> Result.of(surge(surge, book));
            case NocCommand command -> command(command, book);
        };
    }

    /** Opens the held failures whose correlation window has passed, in event time or in processing time. */
    public List<OutageEvent> onTick(OutageBook book, Instant streamTime, Instant now) {
        List<OutageEvent> events = new ArrayList<>();
        List<PendingFailure> due = book.pending().stream()
                .filter(pending -> !streamTime.isBefore(pending.root().at().plus(settings.correlationWindow()))
                        || !now.isBefore(pending.seenAt().plus(settings.correlationWindow())))
                .sorted(Comparator.comparing(pending -> pending.root().at()))
                .toList();
        for (PendingFailure pending : due) {
            book.removePending(pending.root().elementId());
            Instant at = pending.root().at().plus(settings.correlationWindow());
            events.addAll(joinOpenOutage(pending.root(), pending.members(), book, at)
                    .orElseGet(() -> openFor(pending.root(), pending.members(), book, at)));
        }
        return events;
    }

    /** Forgets resolved outages past the history retention and command ids past a week. */
    public void purge(OutageBook book, Instant streamTime) {
        Duration keep = settings.historyRetention().compareTo(settings.reopenWindow()) > 0
                ? settings.historyRetention() : settings.reopenWindow();
        for (ManagedOutage outage : book.outages()) {
            if (!outage.open() && outage.snapshot().endedAt().plus(keep).isBefore(streamTime)) {
                book.forget(outage.id());
            }
        }
        book.forgetCommandsBefore(streamTime.minus(Duration.ofDays(7)));
    }

    // ---- elements ----

    private List<OutageEvent> failed(ElementSignal element, OutageBook book, Instant now) {
        book.putFailure(element);
        Optional<List<OutageEvent>> joined = joinOpenOutage(element, List.of(), book, element.at());
        if (joined.isPresent()) {
            return joined.get();
        }
        String id = element.elementId();
        for (PendingFailure pending : book.pending()) {
            if (element.ancestors().contains(pending.root().elementId())) {
                List<ElementSignal> members = new ArrayList<>(pending.members());
                members.add(element);
                book.putPending(new PendingFailure(pending.root(), members, pending.seenAt()));
                return List.of();
            }
        }
        List<ElementSignal> members = new ArrayList<>();
        for (PendingFailure pending : book.pending()) {
            if (pending.root().ancestors().contains(id)) {
                book.removePending(pending.root().elementId());
                members.add(pending.root());
                members.addAll(pending.members());
            }
        }
        if (!element.ancestors().isEmpty() && !settings.correlationWindow().isZero()) {
            book.putPending(new PendingFailure(element, members, now));
            return List.of();
        }
        return openFor(element, members, book, element.at());
    }

    /**
     * Adds a failure, with the failures held below it, to the open outage that already covers it: one where it is
     * active or in scope (its alarms join the evidence), or a complaint-only outage it explains (fused). Empty when
     * no open outage covers it.
     */
    private Optional<List<OutageEvent>> joinOpenOutage(ElementSignal root, List<ElementSignal> members,
                                                       OutageBook book, Instant at) {
        String id = root.elementId();
        List<ElementSignal> failures = Stream.concat(Stream.of(root), members.stream()).toList();
        List<String> alarmIds = failures.stream().flatMap(failure -> failure.alarmIds().stream()).toList();
        for (ManagedOutage outage : book.openOutages()) {
            if (outage.activeElements().contains(id)) {
                book.save(withAlarms(outage.withElements(outage.rootElements(), plusAll(outage.activeElements(),
                        failures)), alarmIds));
                return Optional.of(List.of());
            }
        }
        for (ManagedOutage outage : book.openOutages()) {
            if (outage.snapshot().scope().elements().contains(id)) {
                book.save(withAlarms(outage.withElements(outage.rootElements(), plusAll(outage.activeElements(),
                        failures)), alarmIds).log(entry(at, "ALARM", 0, "Failure of " + id
                        + (members.isEmpty() ? "" : " and " + members.size() + " element(s) below it")
                        + " joins this outage (in its scope): " + String.join(", ", alarmIds))));
                return Optional.of(List.of());
            }
        }
        return book.openOutages().stream()
                .filter(outage -> outage.rootElements().isEmpty() && corroborates(root, outage))
                .findFirst()
                .map(outage -> List.of(fuseElement(outage, root, failures, book, at)));
    }

    private static Set<String> plusAll(Set<String> active, List<ElementSignal> failures) {
        Set<String> result = new LinkedHashSet<>(active);
        failures.forEach(failure -> result.add(failure.elementId()));
        return result;
    }

    private List<OutageEvent> restored(ElementSignal element, OutageBook book, Instant now) {
        String id = element.elementId();
        book.removeFailure(id);
        for (PendingFailure pending : book.pending()) {
            if (pending.root().elementId().equals(id)) {
                book.removePending(id);
                hold(pending.members(), pending.seenAt(), book);
                return List.of();
            }
            if (pending.members().stream().anyMatch(member -> member.elementId().equals(id))) {
                book.putPending(new PendingFailure(pending.root(), pending.members().stream()
                        .filter(member -> !member.elementId().equals(id)).toList(), pending.seenAt()));
                return List.of();
            }
        }
        for (ManagedOutage outage : book.openOutages()) {
            if (!outage.activeElements().contains(id)) {
                continue;
            }
            Set<String> active = ManagedOutage.minus(outage.activeElements(), id);
            Set<String> roots = ManagedOutage.minus(outage.rootElements(), id);
            ManagedOutage changed = outage.withElements(roots, active)
                    .log(entry(element.at(), "ALARM_CLEARED", 0, id + " restored"));
            if (outage.manual()) {
                book.save(changed);
                return List.of();
            }
            if (!active.isEmpty()) {
                ManagedOutage narrowed = outage.rootElements().contains(id) ? narrowTo(changed, active, book) : changed;
                if (narrowed.snapshot().scope().equals(outage.snapshot().scope())) {
                    book.save(narrowed);
                    return List.of();
                }
                return List.of(publish(book, narrowed, OutageStatus.UPDATED, element.at(), null, null,
                        id + " restored; narrowed to the elements still failed: "
                                + String.join(", ", new TreeSet<>(active))));
            }
            if (!changed.activeSurges().isEmpty()) {
                if (changed.restoredAnnounced()) {
                    book.save(changed);
                    return List.of();
                }
                ManagedOutage announced = changed.withRestoredAnnounced(true);
                OutageSnapshot snapshot = announced.snapshot();
                if (snapshot.publicMessage() == null) {
                    snapshot = withMessage(snapshot, RESTORED_BUT_COMPLAINTS, snapshot.eta());
                }
                return List.of(publish(book, announced.withSnapshot(snapshot), OutageStatus.UPDATED, element.at(),
                        null, null, "Network reports restored but customers still affected"));
            }
            Instant resolvedAt = lastRelease(changed, element.at());
            return List.of(publish(book, changed, OutageStatus.RESOLVED, resolvedAt, resolvedAt, null,
                    "Every failed element restored and no complaint surge"));
        }
        return List.of();
    }

    /** Holds failures for the correlation window, grouped under their highest failed element. */
    private static void hold(List<ElementSignal> failures, Instant seenAt, OutageBook book) {
        List<List<ElementSignal>> groups = new ArrayList<>();
        failures.stream().sorted(Comparator.comparingInt(failure -> failure.ancestors().size())).forEach(failure ->
                groups.stream().filter(group -> failure.ancestors().contains(group.getFirst().elementId()))
                        .findFirst()
                        .ifPresentOrElse(group -> group.add(failure),
                                () -> groups.add(new ArrayList<>(List.of(failure)))));
        groups.forEach(group -> book.putPending(new PendingFailure(group.getFirst(), group.subList(1, group.size()),
                seenAt)));
    }

    private List<OutageEvent> openFor(ElementSignal root, List<ElementSignal> members, OutageBook book, Instant at) {
        List<OutageEvent> events = new ArrayList<>();
        Set<String> elements = new TreeSet<>(root.elements());
        members.forEach(member -> elements.addAll(member.elements()));
        OutageScope scope = new OutageScope(root.services(), root.regions(), elements);
        List<String> alarmIds = new ArrayList<>(root.alarmIds());
        members.forEach(member -> alarmIds.addAll(member.alarmIds()));
        Set<String> active = new LinkedHashSet<>();
        active.add(root.elementId());
        members.forEach(member -> active.add(member.elementId()));
        Instant startedAt = Stream.concat(Stream.of(root), members.stream()).map(ElementSignal::at)
                .min(Comparator.naturalOrder()).orElse(root.at());

        Optional<ManagedOutage> reopenable = book.outages().stream()
                .filter(outage -> !outage.open() && !outage.snapshot().merged())
                .filter(outage -> outage.rootElements().contains(root.elementId())
                        || outage.snapshot().scope().elements().contains(root.elementId()))
                .filter(outage -> !at.isAfter(outage.snapshot().endedAt().plus(settings.reopenWindow())))
                .max(Comparator.comparing(outage -> outage.snapshot().endedAt()));
        ManagedOutage outage;
        OutageStatus stage;
        if (reopenable.isPresent()) {
            ManagedOutage previous = reopenable.get();
            OutageSnapshot before = previous.snapshot();
            OutageSnapshot snapshot = new OutageSnapshot(before.outageId(), before.version(), root.title(),
                    root.severity(), scope, before.startedAt(), before.detectedAt(), null,
                    evidence(before.evidence(), alarmIds, AlarmCorrelator.ALARM_CONFIDENCE), root.subscribers(),
                    before.publicMessage(), before.eta(), null);
            outage = new ManagedOutage(snapshot, previous.status(), false, Set.of(root.elementId()), active,
                    Set.of(), false, previous.timeline());
            stage = OutageStatus.REOPENED;
        } else {
            String id = "OUT-" + AlarmCorrelator.ID_TIME.format(startedAt) + "-" + root.elementId();
            OutageSnapshot snapshot = new OutageSnapshot(id, 1, root.title(), root.severity(), scope, startedAt,
                    at, null, new Evidence(cap(alarmIds), 0, 0, AlarmCorrelator.ALARM_CONFIDENCE),
                    root.subscribers(), null);
            outage = new ManagedOutage(snapshot, OutageStatus.DETECTED, false, Set.of(root.elementId()), active,
                    Set.of(), false, List.of());
            stage = OutageStatus.DETECTED;
        }
        for (ManagedOutage descendant : book.openOutages()) {
            if (descendant.id().equals(outage.id()) || descendant.manual() || descendant.rootElements().isEmpty()
                    || !elements.containsAll(descendant.rootElements())) {
                continue;
            }
            outage = absorb(outage, descendant, at);
        }
        outage = attachSurges(outage, book);
        String why = stage == OutageStatus.REOPENED ? root.elementId() + " failed again within the reopen window"
                : "Failure of " + root.elementId() + (members.isEmpty() ? "" : " and " + members.size()
                + " element(s) below it");
        if (stage == OutageStatus.REOPENED) {
            events.add(publish(book, outage, stage, at, null, null, why));
        } else {
            book.save(outage.log(entry(at, stage.name(), 1, why)));
            events.add(OutageEvent.of(stage, at, outage.snapshot()));
        }
        for (ManagedOutage descendant : book.openOutages()) {
            if (!descendant.id().equals(outage.id()) && !descendant.manual() && !descendant.rootElements().isEmpty()
                    && elements.containsAll(descendant.rootElements())) {
                events.add(endMerged(book, descendant, outage.id(), at, null,
                        "Absorbed by " + outage.id() + ": " + root.elementId() + " above it failed"));
            }
        }
        return events;
    }

    /** Fuses a complaint-only outage with the failure that explains it ({@code failures}: the root first). */
    private OutageEvent fuseElement(ManagedOutage outage, ElementSignal element, List<ElementSignal> failures,
                                    OutageBook book, Instant at) {
        OutageSnapshot before = outage.snapshot();
        OutageScope scope = union(before.scope(), new OutageScope(element.services(), element.regions(),
                element.elements()));
        List<String> alarms = new ArrayList<>(before.evidence().alarmIds());
        failures.forEach(failure -> alarms.addAll(failure.alarmIds()));
        Instant startedAt = Stream.concat(Stream.of(before.startedAt()), failures.stream().map(ElementSignal::at))
                .min(Comparator.naturalOrder()).orElseThrow();
        OutageSnapshot snapshot = new OutageSnapshot(before.outageId(), before.version(),
                outage.manual() ? before.title() : element.title(), severity(before.severity(), element.severity()),
                scope, startedAt, before.detectedAt(), null, new Evidence(cap(alarms),
                before.evidence().complaintCount(), before.evidence().complaintBaseline(),
                outage.manual() ? MANUAL_CONFIDENCE : FUSED_CONFIDENCE),
                Math.max(before.estimatedAffected(), element.subscribers()), before.publicMessage(), before.eta(),
                null);
        ManagedOutage fused = attachSurges(new ManagedOutage(snapshot, outage.status(), outage.manual(),
                Set.of(element.elementId()), plusAll(outage.activeElements(), failures), outage.activeSurges(),
                outage.restoredAnnounced(), outage.timeline()), book);
        return publish(book, fused, OutageStatus.UPDATED, at, null, null, "Failure of " + element.elementId()
                + " (" + String.join(", ", element.alarmIds()) + ") explains the complaints; scope widened to it");
    }

    // ---- complaints ----

    private List<OutageEvent> surge(ComplaintSurge surge, OutageBook book) {
        String key = surge.key();
        Optional<ManagedOutage> holder = book.openOutages().stream()
                .filter(outage -> outage.activeSurges().contains(key)).findFirst();
        switch (surge.state()) {
            case CONTINUING -> {
                book.putSurge(surge);
                holder.ifPresent(outage -> book.save(outage.withSnapshot(withComplaints(outage.snapshot(),
                        outage.activeSurges(), book, outage.snapshot().evidence().confidence()))));
                return List.of();
            }
            case ENDED -> {
                book.removeSurge(key);
                if (holder.isEmpty()) {
                    return List.of();
                }
                ManagedOutage outage = holder.get();
                Set<String> surges = ManagedOutage.minus(outage.activeSurges(), key);
                ManagedOutage changed = outage.withSurges(surges)
                        .log(entry(surge.at(), "SURGE_ENDED", 0, "Complaints about " + surge.service() + " in "
                                + surge.region() + " back under the exit level"));
                if (changed.nothingActive() && !changed.manual()) {
                    Instant resolvedAt = lastRelease(changed, surge.at());
                    return List.of(publish(book, changed, OutageStatus.RESOLVED, resolvedAt, resolvedAt, null,
                            "No failed element and complaints back to normal"));
                }
                book.save(changed.withSnapshot(withComplaints(changed.snapshot(), surges, book,
                        changed.snapshot().evidence().confidence())));
                return List.of();
            }
            default -> {
                book.putSurge(surge);
                if (holder.isPresent()) {
                    return List.of();
                }
                return surgeStarted(surge, book);
            }
        }
    }

    private List<OutageEvent> surgeStarted(ComplaintSurge surge, OutageBook book) {
        String key = surge.key();
        String what = "Complaints about " + surge.service() + " in " + surge.region() + ": "
                + surge.uniqueComplainants() + " customers in a bucket against " + String.format(java.util.Locale.ROOT,
                "%.1f", surge.baseline()) + " expected";
        Optional<ManagedOutage> matching = book.openOutages().stream()
                .filter(outage -> matches(outage, surge)).findFirst();
        if (matching.isPresent()) {
            ManagedOutage outage = matching.get();
            boolean firstComplaints = outage.activeSurges().isEmpty();
            Set<String> surges = ManagedOutage.plus(outage.activeSurges(), key);
            double confidence = outage.manual() ? MANUAL_CONFIDENCE
                    : outage.rootElements().isEmpty() ? COMPLAINT_CONFIDENCE : FUSED_CONFIDENCE;
            ManagedOutage changed = outage.withSurges(surges).withRestoredAnnounced(outage.restoredAnnounced())
                    .withSnapshot(withComplaints(outage.snapshot(), surges, book, confidence));
            if (firstComplaints) {
                return List.of(publish(book, changed, OutageStatus.UPDATED, surge.at(), null, null,
                        what + "; customers confirm the outage"));
            }
            book.save(changed.log(entry(surge.at(), "SURGE", 0, what)));
            return List.of();
        }
        Optional<ManagedOutage> spreading = book.openOutages().stream()
                .filter(outage -> complaintOnly(outage) && !outage.snapshot().scope().regions().isEmpty()
                        && outage.snapshot().scope().services().contains(surge.service()))
                .findFirst();
        if (spreading.isPresent()) {
            ManagedOutage outage = spreading.get();
            OutageSnapshot before = outage.snapshot();
            Set<String> regions = new TreeSet<>(before.scope().regions());
            regions.add(surge.region());
            OutageScope scope = new OutageScope(before.scope().services(), regions, before.scope().elements());
            Set<String> surges = ManagedOutage.plus(outage.activeSurges(), key);
            OutageSnapshot widened = withComplaints(new OutageSnapshot(before.outageId(), before.version(),
                    complaintTitle(scope), before.severity(), scope, before.startedAt(), before.detectedAt(), null,
                    before.evidence(), regions.stream().mapToLong(topology::subscribersIn).sum(),
                    before.publicMessage(), before.eta(), null), surges, book, before.evidence().confidence());
            return List.of(publish(book, outage.withSurges(surges).withSnapshot(widened), OutageStatus.UPDATED,
                    surge.at(), null, null, what + "; widened to " + surge.region()));
        }
        Optional<ManagedOutage> reopenable = book.outages().stream()
                .filter(outage -> !outage.open() && !outage.snapshot().merged())
                .filter(outage -> matches(outage, surge))
                .filter(outage -> !surge.onsetAt().isAfter(outage.snapshot().endedAt().plus(settings.reopenWindow())))
                .max(Comparator.comparing(outage -> outage.snapshot().endedAt()));
        if (reopenable.isPresent()) {
            ManagedOutage previous = reopenable.get();
            Set<String> surges = Set.of(key);
            OutageSnapshot before = previous.snapshot();
            OutageSnapshot reopened = withComplaints(new OutageSnapshot(before.outageId(), before.version(),
                    before.title(), before.severity(), before.scope(), before.startedAt(), before.detectedAt(), null,
                    before.evidence(), before.estimatedAffected(), before.publicMessage(), before.eta(), null),
                    surges, book, previous.rootElements().isEmpty() ? COMPLAINT_CONFIDENCE : FUSED_CONFIDENCE);
            ManagedOutage outage = new ManagedOutage(reopened, OutageStatus.RESOLVED, previous.manual(),
                    previous.rootElements(), Set.of(), surges, false, previous.timeline());
            return List.of(publish(book, outage, OutageStatus.REOPENED, surge.at(), null, null,
                    what + "; customers still affected after the resolution"));
        }
        OutageScope scope = new OutageScope(Set.of(surge.service()), Set.of(surge.region()), Set.of());
        String id = "OUT-" + AlarmCorrelator.ID_TIME.format(surge.onsetAt()) + "-" + surge.region() + "-"
                + surge.service();
        OutageSnapshot snapshot = withComplaints(new OutageSnapshot(id, 1, complaintTitle(scope), OutageSeverity.MAJOR,
                scope, surge.onsetAt(), surge.at(), null, new Evidence(List.of(), 0, 0, COMPLAINT_CONFIDENCE),
                topology.subscribersIn(surge.region()), null), Set.of(key), book, COMPLAINT_CONFIDENCE);
        ManagedOutage outage = new ManagedOutage(snapshot, OutageStatus.DETECTED, false, Set.of(), Set.of(),
                Set.of(key), false, List.of(entry(surge.at(), OutageStatus.DETECTED.name(), 1,
                what + "; no alarm explains it (silent failure)")));
        book.save(outage);
        return List.of(OutageEvent.of(OutageStatus.DETECTED, surge.at(), snapshot));
    }

    /**
     * Whether the outage is a silent failure: opened by complaints, never explained by a failed element. Only such
     * an outage spreads to the surges of other regions; one whose elements are restored while customers still
     * complain is about those elements, not about complaints elsewhere.
     */
    private static boolean complaintOnly(ManagedOutage outage) {
        return outage.rootElements().isEmpty() && !outage.manual() && outage.snapshot().scope().elements().isEmpty();
    }

    /** Whether a surge on (region, service) is evidence for the outage: same service, region in scope or platform. */
    static boolean matches(ManagedOutage outage, ComplaintSurge surge) {
        OutageScope scope = outage.snapshot().scope();
        if (!scope.services().contains(surge.service())) {
            return false;
        }
        return scope.regions().contains(surge.region()) || (scope.regions().isEmpty() && !scope.elements().isEmpty());
    }

    private static boolean corroborates(ElementSignal element, ManagedOutage outage) {
        OutageScope scope = outage.snapshot().scope();
        boolean sharedService = element.services().stream().anyMatch(scope.services()::contains);
        boolean sharedPlace = element.regions().isEmpty()
                || element.regions().stream().anyMatch(scope.regions()::contains);
        return sharedService && sharedPlace;
    }

    // ---- NOC ----

    private Result command(NocCommand command, OutageBook book) {
        if (book.commandApplied(command.commandId())) {
            return Result.none();
        }
        Optional<ManagedOutage> target = Optional.ofNullable(command.outageId()).flatMap(book::outage);
        Result result = switch (command.action()) {
            case DECLARE -> declare(command, book);
            case ANNOTATE -> target.filter(ManagedOutage::open)
                    .map(outage -> annotate(command, outage, book))
                    .orElseGet(() -> Result.reject("no open outage " + command.outageId()));
            case RESOLVE -> target.filter(ManagedOutage::open)
                    .map(outage -> Result.of(List.of(publish(book,
                            outage.withElements(outage.rootElements(), Set.of()).withSurges(Set.of()),
                            OutageStatus.RESOLVED, command.at(), command.at(), change(command),
                            "Resolved by " + command.actor()
                                    + (command.note() == null ? "" : ": " + command.note())))))
                    .orElseGet(() -> Result.reject("no open outage " + command.outageId()));
            case MERGE -> merge(command, target, book);
        };
        if (result.rejected() == null) {
            book.commandApplied(command.commandId(), command.at());
        }
        return result;
    }

    private Result declare(NocCommand command, OutageBook book) {
        if (command.services().isEmpty()) {
            return Result.reject("a declared outage needs at least one service");
        }
        Set<String> elements = new TreeSet<>(command.elements());
        command.elements().forEach(element -> elements.addAll(topology.descendants(element)));
        Set<String> regions = new TreeSet<>(command.regions());
        command.elements().stream().flatMap(element -> topology.element(element).stream())
                .filter(element -> !element.type().isPlatform())
                .forEach(element -> regions.addAll(element.regions()));
        OutageScope scope = new OutageScope(command.services(), regions, elements);
        long affected = command.regions().stream().mapToLong(topology::subscribersIn).sum()
                + command.elements().stream().flatMap(element -> topology.element(element).stream())
                .mapToLong(io.faultline.common.events.NetworkElement::subscribersServed).sum();
        String id = declaredOutageId(command.commandId(), command.at());
        String title = command.title() != null && !command.title().isBlank() ? command.title() : complaintTitle(scope)
                .replace("problems reported", "disrupted");
        OutageSnapshot snapshot = new OutageSnapshot(id, 1, title,
                command.severity() == null ? OutageSeverity.MAJOR : command.severity(), scope, command.at(),
                command.at(), null, new Evidence(List.of(), 0, 0, MANUAL_CONFIDENCE), affected,
                command.publicMessage(), command.eta(), null);
        ManagedOutage outage = attachSurges(new ManagedOutage(snapshot, OutageStatus.DETECTED, true, Set.of(),
                Set.of(), Set.of(), false, List.of()), book);
        book.save(outage.log(new TimelineEntry(command.at(), "DECLARE", 1, command.actor(),
                "Declared by " + command.actor() + (command.note() == null ? "" : ": " + command.note()))));
        return Result.of(List.of(OutageEvent.of(OutageStatus.DETECTED, command.at(), outage.snapshot(),
                change(command))));
    }

    /** Id of the outage a DECLARE command creates: known to the caller before the manager acts. */
    public static String declaredOutageId(String commandId, Instant at) {
        String suffix = UUID.nameUUIDFromBytes(commandId.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return "OUT-" + AlarmCorrelator.ID_TIME.format(at) + "-NOC-" + suffix;
    }

    private Result annotate(NocCommand command, ManagedOutage outage, OutageBook book) {
        OutageSnapshot before = outage.snapshot();
        String message = command.publicMessage() != null ? command.publicMessage() : before.publicMessage();
        Instant eta = command.eta() != null ? command.eta() : before.eta();
        String text = "Annotated by " + command.actor() + (command.publicMessage() == null ? ""
                : ": \"" + command.publicMessage() + "\"") + (command.eta() == null ? "" : ", ETA " + command.eta());
        return Result.of(List.of(publish(book, outage.withSnapshot(withMessage(before, message, eta)),
                OutageStatus.UPDATED, command.at(), null, change(command), text)));
    }

    private Result merge(NocCommand command, Optional<ManagedOutage> source, OutageBook book) {
        Optional<ManagedOutage> into = Optional.ofNullable(command.intoOutageId()).flatMap(book::outage)
                .filter(ManagedOutage::open);
        if (source.filter(ManagedOutage::open).isEmpty() || into.isEmpty()) {
            return Result.reject("merge needs two open outages, got " + command.outageId() + " into "
                    + command.intoOutageId());
        }
        if (source.get().id().equals(into.get().id())) {
            return Result.reject("cannot merge " + command.outageId() + " into itself");
        }
        ManagedOutage merged = absorb(into.get(), source.get(), command.at());
        OutageEvent updated = publish(book, merged, OutageStatus.UPDATED, command.at(), null, change(command),
                "Merged " + source.get().id() + " into this outage" + (command.note() == null ? ""
                        : ": " + command.note()));
        OutageEvent ended = endMerged(book, book.outage(source.get().id()).orElseThrow(), merged.id(), command.at(),
                change(command), "Merged into " + merged.id() + " by " + command.actor());
        return Result.of(List.of(updated, ended));
    }

    private static OutageChange change(NocCommand command) {
        return new OutageChange(command.actor(), command.action().name(), command.note());
    }

    // ---- shared ----

    /** The outage {@code into} with everything of {@code absorbed}: scope, evidence, what holds it open. */
    private ManagedOutage absorb(ManagedOutage into, ManagedOutage absorbed, Instant at) {
        OutageSnapshot target = into.snapshot();
        OutageSnapshot source = absorbed.snapshot();
        List<String> alarms = new ArrayList<>(target.evidence().alarmIds());
        alarms.addAll(source.evidence().alarmIds());
        OutageScope scope = union(target.scope(), source.scope());
        OutageSnapshot snapshot = new OutageSnapshot(target.outageId(), target.version(), target.title(),
                severity(target.severity(), source.severity()), scope,
                target.startedAt().isBefore(source.startedAt()) ? target.startedAt() : source.startedAt(),
                target.detectedAt(), null, new Evidence(cap(alarms),
                target.evidence().complaintCount() + source.evidence().complaintCount(),
                target.evidence().complaintBaseline() + source.evidence().complaintBaseline(),
                Math.max(target.evidence().confidence(), source.evidence().confidence())),
                Math.max(target.estimatedAffected(), source.estimatedAffected()), target.publicMessage(),
                target.eta(), null);
        Set<String> active = new LinkedHashSet<>(into.activeElements());
        active.addAll(absorbed.activeElements());
        Set<String> surges = new LinkedHashSet<>(into.activeSurges());
        surges.addAll(absorbed.activeSurges());
        return new ManagedOutage(snapshot, into.status(), into.manual(), into.rootElements(), active, surges,
                into.restoredAnnounced(), into.timeline())
                .log(entry(at, "MERGE", 0, "Absorbed " + absorbed.id()));
    }

    private OutageEvent endMerged(OutageBook book, ManagedOutage outage, String into, Instant at, OutageChange change,
                                  String why) {
        OutageSnapshot before = outage.snapshot();
        OutageSnapshot merged = new OutageSnapshot(before.outageId(), before.version(), before.title(),
                before.severity(), before.scope(), before.startedAt(), before.detectedAt(), null, before.evidence(),
                before.estimatedAffected(), before.publicMessage(), before.eta(), into);
        return publish(book, outage.withElements(outage.rootElements(), Set.of()).withSurges(Set.of())
                .withSnapshot(merged), OutageStatus.RESOLVED, at, at, change, why);
    }

    private ManagedOutage attachSurges(ManagedOutage outage, OutageBook book) {
        Set<String> held = book.openOutages().stream().filter(other -> !other.id().equals(outage.id()))
                .flatMap(other -> other.activeSurges().stream()).collect(Collectors.toSet());
        Set<String> surges = new LinkedHashSet<>(outage.activeSurges());
        for (ComplaintSurge surge : book.surges()) {
            if (surge.state() != SurgeState.ENDED && !held.contains(surge.key()) && matches(outage, surge)) {
                surges.add(surge.key());
            }
        }
        if (surges.equals(outage.activeSurges())) {
            return outage;
        }
        double confidence = outage.manual() ? MANUAL_CONFIDENCE : FUSED_CONFIDENCE;
        return outage.withSurges(surges).withSnapshot(withComplaints(outage.snapshot(), surges, book, confidence));
    }

    /**
     * Publishes the next version of the outage with the given stage, records it in the history and saves it.
     *
     * @param endedAt end for RESOLVED, null otherwise
     */
    private OutageEvent publish(OutageBook book, ManagedOutage outage, OutageStatus stage, Instant at,
                                Instant endedAt, OutageChange change, String why) {
        OutageSnapshot before = outage.snapshot();
        boolean resolved = stage == OutageStatus.RESOLVED;
        String message = resolved && RESTORED_BUT_COMPLAINTS.equals(before.publicMessage()) ? null
                : before.publicMessage();
        OutageSnapshot next = new OutageSnapshot(before.outageId(), before.version() + 1, before.title(),
                before.severity(), before.scope(), before.startedAt(), before.detectedAt(), endedAt,
                before.evidence(), before.estimatedAffected(), message, before.eta(),
                resolved ? before.mergedInto() : null);
        ManagedOutage published = outage.with(next, stage).log(new TimelineEntry(at, stage.name(), next.version(),
                change == null ? TimelineEntry.DETECTOR : change.actor(), why));
        book.save(published);
        return OutageEvent.of(stage, at, next, change);
    }

    private ManagedOutage narrowTo(ManagedOutage outage, Set<String> active, OutageBook book) {
        List<ElementSignal> failures = active.stream().flatMap(id -> book.failure(id).stream()).toList();
        if (failures.isEmpty()) {
            return outage;
        }
        Set<String> activeIds = failures.stream().map(ElementSignal::elementId).collect(Collectors.toSet());
        List<ElementSignal> roots = failures.stream()
                .filter(failure -> failure.ancestors().stream().noneMatch(activeIds::contains)).toList();
        Set<Service> services = new TreeSet<>();
        Set<String> regions = new TreeSet<>();
        Set<String> elements = new TreeSet<>();
        roots.forEach(root -> {
            services.addAll(root.services());
            regions.addAll(root.regions());
            elements.addAll(root.elements());
        });
        OutageSnapshot before = outage.snapshot();
        OutageSnapshot narrowed = new OutageSnapshot(before.outageId(), before.version(),
                roots.size() == 1 ? roots.get(0).title() : before.title(), before.severity(),
                new OutageScope(services, regions, elements), before.startedAt(), before.detectedAt(), null,
                before.evidence(), roots.stream().mapToLong(ElementSignal::subscribers).sum(),
                before.publicMessage(), before.eta(), null);
        return outage.withElements(roots.stream().map(ElementSignal::elementId).collect(Collectors.toSet()), active)
                .withSnapshot(narrowed);
    }

    private static ManagedOutage withAlarms(ManagedOutage outage, List<String> alarmIds) {
        OutageSnapshot before = outage.snapshot();
        List<String> alarms = new ArrayList<>(before.evidence().alarmIds());
        alarms.addAll(alarmIds);
        Evidence evidence = new Evidence(cap(alarms), before.evidence().complaintCount(),
                before.evidence().complaintBaseline(), before.evidence().confidence());
        return outage.withSnapshot(new OutageSnapshot(before.outageId(), before.version(), before.title(),
                before.severity(), before.scope(), before.startedAt(), before.detectedAt(), before.endedAt(),
                evidence, before.estimatedAffected(), before.publicMessage(), before.eta(), before.mergedInto()));
    }

    private static OutageSnapshot withComplaints(OutageSnapshot before, Set<String> surgeKeys, OutageBook book,
                                                 double confidence) {
        long count = 0;
        double baseline = 0;
        for (String key : surgeKeys) {
            Optional<ComplaintSurge> surge = book.surge(key);
            if (surge.isPresent()) {
                count += surge.get().uniqueComplainants();
                baseline += surge.get().baseline();
            }
        }
        Evidence evidence = new Evidence(before.evidence().alarmIds(), count, baseline, confidence);
        return new OutageSnapshot(before.outageId(), before.version(), before.title(), before.severity(),
                before.scope(), before.startedAt(), before.detectedAt(), before.endedAt(), evidence,
                before.estimatedAffected(), before.publicMessage(), before.eta(), before.mergedInto());
    }

    private static OutageSnapshot withMessage(OutageSnapshot before, String message, Instant eta) {
        return new OutageSnapshot(before.outageId(), before.version(), before.title(), before.severity(),
                before.scope(), before.startedAt(), before.detectedAt(), before.endedAt(), before.evidence(),
                before.estimatedAffected(), message, eta, before.mergedInto());
    }

    private static OutageScope union(OutageScope a, OutageScope b) {
        Set<Service> services = new TreeSet<>(a.services());
        services.addAll(b.services());
        Set<String> regions = new TreeSet<>(a.regions());
        regions.addAll(b.regions());
        Set<String> elements = new TreeSet<>(a.elements());
        elements.addAll(b.elements());
        return new OutageScope(services, regions, elements);
    }

    private static OutageSeverity severity(OutageSeverity a, OutageSeverity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    private static Evidence evidence(Evidence before, List<String> alarmIds, double confidence) {
        List<String> alarms = new ArrayList<>(before.alarmIds());
        alarms.addAll(alarmIds);
        return new Evidence(cap(alarms), before.complaintCount(), before.complaintBaseline(),
                Math.max(confidence, before.confidence()));
    }

    private static List<String> cap(List<String> alarmIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(alarmIds));
        return distinct.size() <= ALARM_IDS_LIMIT ? distinct : distinct.subList(0, ALARM_IDS_LIMIT);
    }

    static String complaintTitle(OutageScope scope) {
        String services = scope.services().stream().sorted().map(AlarmCorrelator::serviceName)
                .collect(Collectors.joining(", "));
        String where = scope.regions().size() > 4 ? scope.regions().size() + " regions"
                : String.join(", ", new TreeSet<>(scope.regions()));
        return AlarmCorrelator.capitalize(services) + " problems reported" + (where.isEmpty() ? "" : " in " + where);
    }

    /**
     * When the last thing that held the outage let go: the latest restoration or surge end in its timeline, or
     * {@code at}. Signals need not arrive in event-time order (complaints may be minutes late, a detector catching
     * up reads the partitions at different paces), so a surge that ended before the last element was restored,
     * but whose end is read after it, must not date the resolution before the restoration.
     */
    private static Instant lastRelease(ManagedOutage outage, Instant at) {
        Instant latest = at;
        for (TimelineEntry entry : outage.timeline()) {
            if ((entry.kind().equals("ALARM_CLEARED") || entry.kind().equals("SURGE_ENDED"))
                    && entry.at().isAfter(latest)) {
                latest = entry.at();
            }
        }
        return latest;
    }

    private static TimelineEntry entry(Instant at, String kind, long version, String text) {
        return new TimelineEntry(at, kind, version, TimelineEntry.DETECTOR, text);
    }
}
