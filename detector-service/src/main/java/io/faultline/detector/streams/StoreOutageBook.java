package io.faultline.detector.streams;

import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.ElementSignal;
import io.faultline.detector.detection.ManagedOutage;
import io.faultline.detector.detection.OutageBook;
import io.faultline.detector.detection.PendingFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link OutageBook} over the manager's changelog-backed state stores.
 *
 * <p>The stores are the durable truth (a restart or a move of the task restores them from their changelogs); the
 * book also keeps a write-through copy of the outages, failed elements, held failures and active surges in memory,
 * loaded from the stores when the task starts. The outage manager reads them whole for almost every signal, and
 * deserialising every outage from JSON on each read was most of the detector's work. The copy is coherent because
 * the manager's single task is the only writer of these stores. Applied NOC command ids are only looked up one at
 * a time and stay in their store alone.
 */
final class StoreOutageBook implements OutageBook {

    private final KeyValueStore<String, ManagedOutage> outageStore;
    private final KeyValueStore<String, ElementSignal> failureStore;
    private final KeyValueStore<String, PendingFailure> pendingStore;
    private final KeyValueStore<String, ComplaintSurge> surgeStore;
    private final KeyValueStore<String, Long> commands;
    private final NavigableMap<String, ManagedOutage> outages;
    private final NavigableMap<String, ElementSignal> failures;
    private final NavigableMap<String, PendingFailure> pending;
    private final NavigableMap<String, ComplaintSurge> surges;

    StoreOutageBook(ProcessorContext<?, ?> context) {
        this.outageStore = context.getStateStore(DetectorTopology.OUTAGES_STORE);
        this.failureStore = context.getStateStore(DetectorTopology.ELEMENT_FAILURES_STORE);
        this.pendingStore = context.getStateStore(DetectorTopology.PENDING_FAILURES_STORE);
        this.surgeStore = context.getStateStore(DetectorTopology.ACTIVE_SURGES_STORE);
        this.commands = context.getStateStore(DetectorTopology.NOC_COMMANDS_STORE);
        this.outages = StoreCopies.sortedCopyOf(outageStore);
        this.failures = StoreCopies.sortedCopyOf(failureStore);
        this.pending = StoreCopies.sortedCopyOf(pendingStore);
        this.surges = StoreCopies.sortedCopyOf(surgeStore);
    }

    @Override
    public Optional<ManagedOutage> outage(String outageId) {
        return Optional.ofNullable(outages.get(outageId));
    }

    @Override
    public List<ManagedOutage> outages() {
        return List.copyOf(outages.values());
    }

    @Override
    public List<ManagedOutage> openOutages() {
        List<ManagedOutage> open = new ArrayList<>();
        for (ManagedOutage outage : outages.values()) {
            if (outage.open()) {
                open.add(outage);
            }
        }
        return open;
    }

    @Override
    public void save(ManagedOutage outage) {
        put(outageStore, outages, outage.id(), outage);
    }

    @Override
    public void forget(String outageId) {
        delete(outageStore, outages, outageId);
    }

    @Override
    public Optional<ElementSignal> failure(String elementId) {
        return Optional.ofNullable(failures.get(elementId));
    }

    @Override
    public void putFailure(ElementSignal failure) {
        put(failureStore, failures, failure.elementId(), failure);
    }

    @Override
    public void removeFailure(String elementId) {
        delete(failureStore, failures, elementId);
    }

    @Override
    public List<PendingFailure> pending() {
        return List.copyOf(pending.values());
    }

    @Override
    public void putPending(PendingFailure held) {
        put(pendingStore, pending, held.root().elementId(), held);
    }

    @Override
    public void removePending(String rootElementId) {
        delete(pendingStore, pending, rootElementId);
    }

    @Override
    public Optional<ComplaintSurge> surge(String key) {
        return Optional.ofNullable(surges.get(key));
    }

    @Override
    public List<ComplaintSurge> surges() {
        return List.copyOf(surges.values());
    }

    @Override
    public void putSurge(ComplaintSurge surge) {
        put(surgeStore, surges, surge.key(), surge);
    }

    @Override
    public void removeSurge(String key) {
        delete(surgeStore, surges, key);
    }

    @Override
    public boolean commandApplied(String commandId) {
        return commands.get(commandId) != null;
    }

    @Override
    public void commandApplied(String commandId, Instant at) {
        commands.put(commandId, at.toEpochMilli());
    }

    @Override
    public void forgetCommandsBefore(Instant horizon) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = commands.all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value < horizon.toEpochMilli()) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(commands::delete);
    }

    private static <V> void put(KeyValueStore<String, V> store, Map<String, V> copy, String key, V value) {
        store.put(key, value);
        copy.put(key, value);
    }

    private static <V> void delete(KeyValueStore<String, V> store, Map<String, V> copy, String key) {
        store.delete(key);
        copy.remove(key);
    }
}
