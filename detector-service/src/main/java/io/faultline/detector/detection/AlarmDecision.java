package io.faultline.detector.detection;

import io.faultline.common.events.OutageEvent;
import java.util.List;
import java.util.Optional;

/**
 * What one alarm changes.
 *
 * @param outcome what happened, for metrics and logs
 * @param state   the open outage to keep for the element afterwards, empty when none remains
 * @param events  lifecycle events to publish, in order
 */
public record AlarmDecision(Outcome outcome, Optional<OpenOutage> state, List<OutageEvent> events) {

    /** Why an alarm did or did not change anything. */
    public enum Outcome {
        OPENED, REOPENED, JOINED_OPEN_OUTAGE, CLEARED_ONE_OF_SEVERAL, CLEARING, FLAP_DAMPED, RESOLVED,
        NOT_SERVICE_AFFECTING, UNKNOWN_ELEMENT, ELEMENT_CARRIES_NO_SERVICE, CLEAR_WITHOUT_RAISE,
        /** The raise arrived after its own clear, and the two are closer than the hold-down: a transient. */
        CLEARED_BEFORE_RAISE,
        /** A raise from within an outage that has already resolved: it changes nothing. */
        LATE_FOR_RESOLVED_OUTAGE
    }

    static AlarmDecision unchanged(Outcome outcome, OpenOutage current) {
        return new AlarmDecision(outcome, Optional.ofNullable(current), List.of());
    }
}
