package io.faultline.detector.complaints;

import io.faultline.detector.detection.ComplaintSurge;
import java.util.ArrayList;
import java.util.List;

/**
 * Outcome of one step of the surge detector: the state and baseline to store (the same instances when nothing
 * changed) and the signals to emit, in order.
 *
 * @param state    detector state after the step
 * @param baseline baseline after the step
 * @param signals  surge signals to emit
 */
public record SurgeStep(SurgeDetectorState state, HourOfWeekBaseline baseline, List<ComplaintSurge> signals) {

    public SurgeStep {
        signals = List.copyOf(signals);
    }

    /** This step followed by the next one: the next one's state and baseline, both steps' signals. */
    public SurgeStep then(SurgeStep next) {
        if (signals.isEmpty()) {
            return next;
        }
        List<ComplaintSurge> all = new ArrayList<>(signals);
        all.addAll(next.signals);
        return new SurgeStep(next.state, next.baseline, all);
    }
}
