package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;

/**
 * Which stages of an outage go on which channel, and which are critical. Pure.
 *
 * <p>What is critical: that an outage started (DETECTED), came back (REOPENED) and ended (RESOLVED), to everyone
 * affected; and every notice to a subscriber flagged vulnerable. An update (UPDATED: a wider scope, a new message
 * or ETA) is not critical, so a customer who opted out of non-critical notices does not get it (unless
 * vulnerable).
 *
 * <p>Channels by stage, as status pages do it: SMS only for DETECTED, REOPENED and RESOLVED; email for every stage
 * including UPDATED. An update goes only to customers already told of the outage; a customer an update brings into
 * the scope (the outage spread to their region) has not been told anything yet, so they are told that it started,
 * on any channel that works, as if it had just been detected for them.
 */
public final class StagePolicy {

    private StagePolicy() {
    }

    /** Whether the stage is critical for this subscriber (never skipped for an opt-out). */
    public static boolean critical(OutageStatus stage, Subscriber subscriber) {
        return stage != OutageStatus.UPDATED || subscriber.vulnerable();
    }

    /** Whether the stage may go on the channel. */
    public static boolean allows(OutageStatus stage, NoticeChannel channel) {
        return stage != OutageStatus.UPDATED || channel == NoticeChannel.EMAIL;
    }

    /** The stage that first tells a customer of an episode of an outage: DETECTED, or REOPENED after a reopening. */
    public static OutageStatus opening(int episode) {
        return episode == 0 ? OutageStatus.DETECTED : OutageStatus.REOPENED;
    }
}
