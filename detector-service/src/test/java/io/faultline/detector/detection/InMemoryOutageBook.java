package io.faultline.detector.detection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link OutageBook} over maps, kept in insertion order like a store iterates in key order: deterministic. */
final class InMemoryOutageBook implements OutageBook {

    private final Map<String, ManagedOutage> outages = new LinkedHashMap<>();
    private final Map<String, ElementSignal> failures = new LinkedHashMap<>();
    private final Map<String, PendingFailure> pending = new LinkedHashMap<>();
    private final Map<String, ComplaintSurge> surges = new LinkedHashMap<>();
    private final Map<String, Instant> commands = new LinkedHashMap<>();

    @Override
    public Optional<ManagedOutage> outage(String outageId) {
        return Optional.ofNullable(outages.get(outageId));
    }

    @Override
    public List<ManagedOutage> outages() {
        return new ArrayList<>(outages.values());
    }

    @Override
    public void save(ManagedOutage outage) {
        outages.put(outage.id(), outage);
    }

    @Override
    public void forget(String outageId) {
        outages.remove(outageId);
    }

    @Override
    public Optional<ElementSignal> failure(String elementId) {
        return Optional.ofNullable(failures.get(elementId));
    }

    @Override
    public void putFailure(ElementSignal failure) {
        failures.put(failure.elementId(), failure);
    }

    @Override
    public void removeFailure(String elementId) {
        failures.remove(elementId);
    }

    @Override
    public List<PendingFailure> pending() {
        return new ArrayList<>(pending.values());
    }

    @Override
    public void putPending(PendingFailure held) {
        pending.put(held.root().elementId(), held);
    }

    @Override
    public void removePending(String rootElementId) {
        pending.remove(rootElementId);
    }

    @Override
    public Optional<ComplaintSurge> surge(String key) {
        return Optional.ofNullable(surges.get(key));
    }

    @Override
    public List<ComplaintSurge> surges() {
        return new ArrayList<>(surges.values());
    }

    @Override
    public void putSurge(ComplaintSurge surge) {
        surges.put(surge.key(), surge);
    }

    @Override
    public void removeSurge(String key) {
        surges.remove(key);
    }

    @Override
    public boolean commandApplied(String commandId) {
        return commands.containsKey(commandId);
    }

    @Override
    public void commandApplied(String commandId, Instant at) {
        commands.put(commandId, at);
    }

    @Override
    public void forgetCommandsBefore(Instant horizon) {
        commands.values().removeIf(at -> at.isBefore(horizon));
    }

    /** Ids of the failed elements the book remembers. */
    List<String> failedElements() {
        return new ArrayList<>(failures.keySet());
    }
}
