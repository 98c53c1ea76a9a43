package io.faultline.detector.streams;

import io.faultline.detector.detection.ManagerSettings;
import java.time.Duration;

/**
 * Tunables of the detector topology.
 *
 * @param ceSource             CloudEvents source of published outage events
 * @param alarmDedupeRetention how long an alarm event id is remembered to drop replays and duplicates
 * @param complaintGrace       how late a complaint may arrive and still be counted in its window
 * @param clearHoldDown        how long the last alarm of an outage must stay clear before it resolves
 *                             (flapping damping)
 * @param reopenWindow         how long after its end a new failure of the same element reopens the outage
 * @param alarmGrace           how long a clear that arrived before its raise is remembered (out of order)
 * @param manager              topology correlation, reopening and history of the outage manager
 */
public record DetectorSettings(String ceSource, Duration alarmDedupeRetention, Duration complaintGrace,
                               Duration clearHoldDown, Duration reopenWindow, Duration alarmGrace,
                               ManagerSettings manager) {

    public static DetectorSettings defaults() {
        return new DetectorSettings("/faultline/detector-service", Duration.ofDays(7), Duration.ofMinutes(10),
                Duration.ofMinutes(2), Duration.ofMinutes(30), Duration.ofMinutes(10), ManagerSettings.defaults());
    }
}
