package io.faultline.detector.streams;

import io.faultline.detector.detection.ComplaintSurge;
import io.faultline.detector.detection.ElementSignal;
import io.faultline.detector.detection.ManagedOutage;
import io.faultline.detector.detection.OutageBook;
import io.faultline.detector.detection.PendingFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** {@link OutageBook} over the manager's changelog-backed state stores. */
final class StoreOutageBook implements OutageBook {

    private final KeyValueStore<String, ManagedOutage> outages;
    private final KeyValueStore<String, ElementSignal> failures;
    private final KeyValueStore<String, PendingFailure> pending;
    private final KeyValueStore<String, ComplaintSurge> surges;
    private final KeyValueStore<String, Long> commands;

    StoreOutageBook(ProcessorContext<?, ?> context) {
        this.outages = context.getStateStore(DetectorTopology.OUTAGES_STORE);
        this.failures = context.getStateStore(DetectorTopology.ELEMENT_FAILURES_STORE);
        this.pending = context.getStateStore(DetectorTopology.PENDING_FAILURES_STORE);
        this.surges = context.getStateStore(DetectorTopology.ACTIVE_SURGES_STORE);
        this.commands = context.getStateStore(DetectorTopology.NOC_COMMANDS_STORE);
    }

    @Override
    public Optional<ManagedOutage> outage(String outageId) {
        return Optional.ofNullable(outages.get(outageId));
    }

    @Override
    public List<ManagedOutage> outages() {
        return values(outages);
    }

    @Override
    public void save(ManagedOutage outage) {
        outages.put(outage.id(), outage);
    }

    @Override
    public void forget(String outageId) {
        outages.delete(outageId);
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
        failures.delete(elementId);
    }

    @Override
    public List<PendingFailure> pending() {
        return values(pending);
    }

    @Override
    public void putPending(PendingFailure held) {
        pending.put(held.root().elementId(), held);
    }

    @Override
    public void removePending(String rootElementId) {
        pending.delete(rootElementId);
    }

    @Override
    public Optional<ComplaintSurge> surge(String key) {
        return Optional.ofNullable(surges.get(key));
    }

    @Override
    public List<ComplaintSurge> surges() {
        return values(surges);
    }

    @Override
    public void putSurge(ComplaintSurge surge) {
        surges.put(surge.key(), surge);
    }

    @Override
    public void removeSurge(String key) {
        surges.delete(key);
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

    private static <V> List<V> values(KeyValueStore<String, V> store) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> values.add(entry.value));
        }
        return values;
    }
}
