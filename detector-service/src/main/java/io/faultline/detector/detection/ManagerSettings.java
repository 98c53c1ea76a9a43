package io.faultline.detector.detection;

import java.time.Duration;

/**
 * Tunables of the {@link OutageManager}.
 *
 * @param correlationWindow how long a failed element that has a parent is held before it opens an outage, so that
 *                          a parent failing within the window makes one outage
 * @param reopenWindow      how long after its end a new failure or surge in its scope reopens an outage
 * @param historyRetention  how long a resolved outage and its timeline stay readable by the NOC
 */
public record ManagerSettings(Duration correlationWindow, Duration reopenWindow, Duration historyRetention) {

    public static ManagerSettings defaults() {
        return new ManagerSettings(Duration.ofSeconds(20), Duration.ofMinutes(30), Duration.ofDays(2));
    }
}
