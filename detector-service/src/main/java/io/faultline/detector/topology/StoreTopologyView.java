package io.faultline.detector.topology;

import io.faultline.common.events.NetworkElement;
import io.faultline.detector.detection.TopologyView;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** {@link TopologyView} over the global topology store, which every detector instance holds whole. */
public final class StoreTopologyView implements TopologyView {

    private final TimestampedKeyValueStore<String, NetworkElement> store;

    public StoreTopologyView(TimestampedKeyValueStore<String, NetworkElement> store) {
        this.store = store;
    }

    @Override
    public Optional<NetworkElement> element(String elementId) {
        ValueAndTimestamp<NetworkElement> value = store.get(elementId);
        return Optional.ofNullable(value == null ? null : value.value());
    }

    @Override
    public Set<String> descendants(String elementId) {
        Map<String, List<String>> children = new HashMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<NetworkElement>> all = store.all()) {
            while (all.hasNext()) {
                NetworkElement element = all.next().value.value();
                if (element != null && element.parentId() != null) {
                    children.computeIfAbsent(element.parentId(), k -> new java.util.ArrayList<>())
                            .add(element.elementId());
                }
            }
        }
        Set<String> found = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(children.getOrDefault(elementId, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (found.add(next)) {
                todo.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    @Override
    public long subscribersIn(String region) {
        Map<String, NetworkElement> regional = new HashMap<>();
        try (KeyValueIterator<String, ValueAndTimestamp<NetworkElement>> all = store.all()) {
            while (all.hasNext()) {
                NetworkElement element = all.next().value.value();
                if (element != null && element.regions().size() == 1 && element.regions().contains(region)) {
                    regional.put(element.elementId(), element);
                }
            }
        }
        return regional.values().stream()
                .filter(element -> element.parentId() == null || !regional.containsKey(element.parentId()))
                .mapToLong(NetworkElement::subscribersServed).sum();
    }
}
