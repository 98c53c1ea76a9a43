package io.faultline.common.events;

import java.util.List;

/**
 * Why Faultline believes in an outage.
 *
 * @param alarmIds        alarms that opened or support it
 * @param complaintCount  unique complaining customers seen in scope
 * @param complaintBaseline expected complaints for the same period (0 when unknown)
 * @param confidence      0..1
 */
public record Evidence(List<String> alarmIds, long complaintCount, double complaintBaseline, double confidence) {

    public Evidence {
        alarmIds = Require.list(alarmIds);
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("field 'confidence' must be within 0..1, was " + confidence);
        }
    }
}
