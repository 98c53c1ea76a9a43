package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.audience.Audience;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Decides, for one outage event and one subscriber, whether a notice is owed and on which channel. Customers
 * are told when an outage is detected or reopened and when it is resolved (again after each reopening), on any
 * channel that works; updates go by email only, to customers already told, and not to those who opted out of
 * non-critical notices (see {@link StagePolicy}). An outage that ends by being merged into another one (its
 * RESOLVED carries {@code mergedInto}) is not told as restored: it is not over for its customers, who hear the end
 * from the outage that absorbed them. The end is also told to customers who were told the start but whom the scope
 * left before the end. Pure: the caller keeps the dedupe record and the widest scope.
 */
public final class NoticePlanner {

    /** Stages that are told to customers. */
    public static final Set<OutageStatus> TOLD_STAGES = Set.of(OutageStatus.DETECTED, OutageStatus.REOPENED,
            OutageStatus.UPDATED, OutageStatus.RESOLVED);
    static final String OPTED_OUT = "opted out of non-critical notices (updates)";

    private final ChannelPolicy channels = new ChannelPolicy();

    /** The outcome for one subscriber of an outage never reopened: empty when not in the audience. */
    public Optional<Planned> plan(OutageEvent event, Subscriber subscriber) {
        return plan(event, subscriber, 0, () -> true);
    }

    /**
     * The outcome for one subscriber: empty when no notice is owed.
     *
     * @param episode how many times the outage has been reopened so far (0 before any reopening)
     * @param told    whether the subscriber has already been told that this episode started (asked only for an
     *                update to a subscriber in its audience)
     */
    public Optional<Planned> plan(OutageEvent event, Subscriber subscriber, int episode, BooleanSupplier told) {
        return plan(event, subscriber, episode, told, null);
    }

    /**
     * The outcome for one subscriber, knowing the widest scope the episode had: a customer told that it started
     * is told that it ended even when the scope narrowed away from them before the end (their region recovered
     * earlier), which the RESOLVED event's own scope no longer shows.
     *
     * @param widest the union of every scope of this episode so far, or null to go by the event's scope alone
     */
    public Optional<Planned> plan(OutageEvent event, Subscriber subscriber, int episode, BooleanSupplier told,
                                  OutageScope widest) {
        OutageSnapshot outage = event.outage();
        if (!TOLD_STAGES.contains(event.status()) || outage.merged()) {
            return Optional.empty();
        }
        if (!Audience.isAffected(subscriber, outage.scope()) && !(event.status() == OutageStatus.RESOLVED
                && widest != null && Audience.isAffected(subscriber, widest) && told.getAsBoolean())) {
            return Optional.empty();
        }
        OutageStatus stage = event.status() == OutageStatus.UPDATED && !told.getAsBoolean()
                ? StagePolicy.opening(episode) : event.status();
        ChannelDecision decision = channels.choose(subscriber, outage.scope(),
                channel -> StagePolicy.allows(stage, channel));
        if (stage == OutageStatus.UPDATED && decision.suppressed()) {
            return Optional.empty();
        }
        if (decision.suppressed()) {
            return Optional.of(suppressed(event, subscriber, episode, stage, NoticeChannel.STATUS_PAGE,
                    decision.suppressionReason()));
        }
        NoticeChannel channel = decision.channel();
        if (!StagePolicy.critical(stage, subscriber) && subscriber.contact().nonCriticalOptOut()) {
            return Optional.of(suppressed(event, subscriber, episode, stage, channel, OPTED_OUT));
        }
        String address = channel == NoticeChannel.SMS ? subscriber.msisdn() : subscriber.email();
        NoticeRequest request = new NoticeRequest(
                NoticeReceipt.noticeIdOf(outage.outageId(), episode, stage, outage.version(),
                        subscriber.subscriberId(), channel),
                outage.outageId(), outage.version(), stage, subscriber.subscriberId(), channel, address,
                subscriber.locale(), subscriber.brand(), subscriber.vulnerable(), outage.title(),
                outage.scope().services(), outage.startedAt(), outage.endedAt(), event.occurredAt(), outage.eta(),
                outage.publicMessage());
        return Optional.of(new Planned(request, null));
    }

    private static Planned suppressed(OutageEvent event, Subscriber subscriber, int episode, OutageStatus stage,
                                      NoticeChannel channel, String reason) {
        OutageSnapshot outage = event.outage();
        String noticeId = NoticeReceipt.noticeIdOf(outage.outageId(), episode, stage, outage.version(),
                subscriber.subscriberId(), channel);
        return new Planned(null, new NoticeReceipt(noticeId, subscriber.subscriberId(), outage.outageId(),
                outage.version(), stage, channel, NoticeState.SUPPRESSED, null, reason, event.occurredAt()));
    }

    /**
     * A notice to deliver, or a suppression to record.
     *
     * @param request    notice to deliver, or null
     * @param suppressed receipt of a suppressed notice, or null
     */
    public record Planned(NoticeRequest request, NoticeReceipt suppressed) {

        public String dedupeKey() {
            return request != null ? request.noticeId() : suppressed.noticeId();
        }

        /** The stage told (or not told): for an update to someone untold, the opening stage. */
        public OutageStatus stage() {
            return request != null ? request.stage() : suppressed.stage();
        }

        public String subscriberId() {
            return request != null ? request.subscriberId() : suppressed.subscriberId();
        }
    }
}
