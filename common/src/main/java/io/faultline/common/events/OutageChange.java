package io.faultline.common.events;

/**
 * A manual change of an outage by a NOC engineer, carried by the lifecycle event it caused.
 *
 * @param actor  authenticated user who made it
 * @param action DECLARE, ANNOTATE, MERGE or RESOLVE
 * @param note   reason or comment given with it, may be null
 */
public record OutageChange(String actor, String action, String note) {

    public OutageChange {
        Require.text(actor, "change.actor");
        Require.text(action, "change.action");
    }
}
