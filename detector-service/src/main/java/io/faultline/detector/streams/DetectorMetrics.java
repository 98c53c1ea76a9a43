package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.OutageEvent;
import io.faultline.detector.detection.AlarmDecision;
import io.faultline.detector.detection.DetectionSignal;

/** Business counters of the detector; implemented with Micrometer in the application, a no-op in unit tests. */
public interface DetectorMetrics {

    DetectorMetrics NONE = new DetectorMetrics() {
    };

    default void outageEvent(OutageEvent event) {
    }

    default void alarm(AlarmDecision.Outcome outcome) {
    }

    default void duplicateAlarm() {
    }

    default void complaint(CustomerComplaint complaint) {
    }

    /**
     * A complaint came too late for surge detection: its bucket had closed and was no longer kept (the complaint
     * feed lagging by more than the lateness plus the retained buckets).
     */
    default void complaintTooLate(String region, io.faultline.common.events.Service service) {
    }

    /** A signal reached the outage manager; {@code accepted} is false for a refused NOC command. */
    default void signal(DetectionSignal signal, boolean accepted) {
    }
}
