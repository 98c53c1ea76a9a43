package io.faultline.detector.detection;

import io.faultline.common.events.NetworkElement;
import java.util.Optional;
import java.util.Set;

/** Read-only view of the network inventory that correlation needs. */
public interface TopologyView {

    Optional<NetworkElement> element(String elementId);

    /** Ids of every element below the given one (children, their children...), not including it. */
    Set<String> descendants(String elementId);
}
