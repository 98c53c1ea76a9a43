package io.faultline.detector.detection;

import io.faultline.common.events.NetworkElement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Read-only view of the network inventory that correlation needs. */
public interface TopologyView {

    Optional<NetworkElement> element(String elementId);

    /** Ids of every element below the given one (children, their children...), not including it. */
    Set<String> descendants(String elementId);

    /** Ids of the elements above the given one, nearest first (a cycle in the inventory stops the walk). */
    default List<String> ancestors(String elementId) {
        List<String> ancestors = new ArrayList<>();
        Set<String> seen = new HashSet<>(Set.of(elementId));
        String parent = element(elementId).map(NetworkElement::parentId).orElse(null);
        while (parent != null && seen.add(parent)) {
            ancestors.add(parent);
            parent = element(parent).map(NetworkElement::parentId).orElse(null);
        }
        return ancestors;
    }

    /**
     * Inventory estimate of the subscribers of a region: the sum over the highest elements that serve that region
     * alone (its sites, say), 0 when the inventory has none.
     */
    long subscribersIn(String region);
}
