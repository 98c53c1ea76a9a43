package io.faultline.detector.streams;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** In-memory copies of state stores, for processors that keep a write-through copy of a store they alone write. */
final class StoreCopies {

    private StoreCopies() {
    }

    /** Every entry of the store, sorted by key. */
    static <V> NavigableMap<String, V> sortedCopyOf(KeyValueStore<String, V> store) {
        NavigableMap<String, V> copy = new TreeMap<>();
        try (KeyValueIterator<String, V> all = store.all()) {
            all.forEachRemaining(entry -> copy.put(entry.key, entry.value));
        }
        return copy;
    }
}
