package io.faultline.notifier.streams;

import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.audience.Audience;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * What the whole-base lane of one fan-out has told so far: every subscriber of its audience up to the subscriber
 * id it has reached, in the store's key order. One such record per told stage and version stands for every notice
 * that lane decided, so a national fan-out writes one record per chunk instead of one per notice; the vulnerable
 * lane, small, keeps a decision record per notice instead.
 *
 * <p>The audience is evaluated with the subscriber as stored now: a customer who moved into the scope after the
 * scan passed them counts as told, one who moved out of it as not told (see docs/ARCHITECTURE.md).
 *
 * @param stage    the told stage of the event (DETECTED, REOPENED, UPDATED or RESOLVED)
 * @param version  the outage version the fan-out tells
 * @param scope    the event's scope
 * @param widest   the widest scope of the episode while it ran (a resolution also reaches those told the start
 *                 whom a narrowed scope left), or null
 * @param reached  the last subscriber id scanned (inclusive); null before the lane started
 * @param complete whether the lane scanned the whole partition
 */
record ToldRange(OutageStatus stage, long version, OutageScope scope, OutageScope widest, String reached,
                 boolean complete) {

    /** Whether the lane got as far as the subscriber. */
    boolean reaches(String subscriberId) {
        return complete || reached != null && Arrays.compareUnsigned(subscriberId.getBytes(StandardCharsets.UTF_8),
                reached.getBytes(StandardCharsets.UTF_8)) <= 0;
    }

    /** Whether this lane tells the episode's start (an opening stage, or an update: see {@link #tells}). */
    boolean opening() {
        return stage != OutageStatus.RESOLVED;
    }

    /**
     * Whether this lane, having reached the subscriber as they are given, told them its stage: a subscriber of the
     * scope is told the start by an opening stage or by an update (the start to those it finds untold, the update
     * to the others); the end goes to the scope and to those told the start within the widest scope.
     */
    boolean tells(Subscriber subscriber, BooleanSupplier toldOpening) {
        return Audience.isAffected(subscriber, scope) || stage == OutageStatus.RESOLVED && widest != null
                && Audience.isAffected(subscriber, widest) && toldOpening.getAsBoolean();
    }

    ToldRange reaching(String subscriberId, boolean lastOne, OutageScope widestNow) {
        return new ToldRange(stage, version, scope, widestNow, subscriberId == null ? reached : subscriberId,
                complete || lastOne);
    }
}
