package io.faultline.common.events;

/** Lifecycle stage of an outage; also the stage of a customer notice. */
public enum OutageStatus {
    DETECTED, UPDATED, RESOLVED, REOPENED;

    /** Whether the stage tells that the outage is (again) under way. */
    public boolean isOpen() {
        return this != RESOLVED;
    }
}
