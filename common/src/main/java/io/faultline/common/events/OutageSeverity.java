package io.faultline.common.events;

/** How bad an outage is for customers. */
public enum OutageSeverity {
    CRITICAL, MAJOR, MINOR
}
