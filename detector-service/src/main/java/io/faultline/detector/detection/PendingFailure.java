package io.faultline.detector.detection;

import java.time.Instant;
import java.util.List;

/**
 * A failed element held back for the correlation window before it becomes an outage, so that a failure of an
 * element above it within the window makes one outage rather than one per child.
 *
 * @param root    the highest failed element of the group
 * @param members failed elements below it, folded into the same outage
 * @param seenAt  processing time at which its root was held: like the root's event time, it starts the window
 */
public record PendingFailure(ElementSignal root, List<ElementSignal> members, Instant seenAt) {

    public PendingFailure {
        members = List.copyOf(members);
    }
}
