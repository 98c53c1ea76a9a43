package io.faultline.detector.detection;

import java.time.Instant;

/**
 * One line of an outage's history, as the NOC reads it.
 *
 * @param at      event time
 * @param kind    what happened: a lifecycle stage (DETECTED, UPDATED, RESOLVED, REOPENED), ALARM, ALARM_CLEARED,
 *                SURGE, SURGE_ENDED or a manual action
 * @param version outage version published by this entry, 0 when nothing was published
 * @param actor   NOC user for manual actions, otherwise "detector"
 * @param text    what a NOC engineer needs to know
 */
public record TimelineEntry(Instant at, String kind, long version, String actor, String text) {

    public static final String DETECTOR = "detector";
}
