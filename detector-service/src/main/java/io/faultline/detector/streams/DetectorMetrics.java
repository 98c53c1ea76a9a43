package io.faultline.detector.streams;

import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.OutageEvent;
import io.faultline.detector.detection.AlarmDecision;

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
}
