package io.faultline.common.events;

/** ITU-T X.733 perceived severity. {@link #CLEARED} clears the alarm of the same {@code alarmId}. */
public enum AlarmSeverity {
    CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE, CLEARED;

    /** Critical and major alarms on a service-carrying element open outages. */
    public boolean isServiceAffecting() {
        return this == CRITICAL || this == MAJOR;
    }
}
