package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Subscriber;
import io.faultline.notifier.audience.Audience;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one outage event and one subscriber, whether a notice is owed and on which channel. Customers
 * are told when an outage is detected or reopened and when it is resolved (again after each reopening); updates
 * are not sent in this version. An outage that ends by being merged into another one (its RESOLVED carries
 * {@code mergedInto}) is not told as restored: it is not over for its customers, who hear the end from the outage
 * that absorbed them. Pure: the caller keeps the dedupe record.
 */
public final class NoticePlanner {

    /** Stages that are told to customers. */
    public static final Set<OutageStatus> TOLD_STAGES = Set.of(OutageStatus.DETECTED, OutageStatus.REOPENED,
            OutageStatus.RESOLVED);

    private final ChannelPolicy channels = new ChannelPolicy();

    /** The outcome for one subscriber of an outage never reopened: empty when not in the audience. */
    public Optional<Planned> plan(OutageEvent event, Subscriber subscriber) {
        return plan(event, subscriber, 0);
    }

    /**
     * The outcome for one subscriber: empty when not in the audience.
     *
     * @param episode how many times the outage has been reopened so far (0 before any reopening)
     */
    public Optional<Planned> plan(OutageEvent event, Subscriber subscriber, int episode) {
        OutageSnapshot outage = event.outage();
        if (!TOLD_STAGES.contains(event.status()) || outage.merged()
                || !Audience.isAffected(subscriber, outage.scope())) {
            return Optional.empty();
        }
        ChannelDecision decision = channels.choose(subscriber, outage.scope());
        if (decision.suppressed()) {
            String noticeId = NoticeReceipt.noticeIdOf(outage.outageId(), episode, event.status(),
                    subscriber.subscriberId(), NoticeChannel.STATUS_PAGE);
            return Optional.of(new Planned(null, new NoticeReceipt(noticeId, subscriber.subscriberId(),
                    outage.outageId(), outage.version(), event.status(), NoticeChannel.STATUS_PAGE,
                    NoticeState.SUPPRESSED, null, decision.suppressionReason(), event.occurredAt())));
        }
        NoticeChannel channel = decision.channel();
        String address = channel == NoticeChannel.SMS ? subscriber.msisdn() : subscriber.email();
        NoticeRequest request = new NoticeRequest(
                NoticeReceipt.noticeIdOf(outage.outageId(), episode, event.status(), subscriber.subscriberId(), channel),
                outage.outageId(), outage.version(), event.status(), subscriber.subscriberId(), channel, address,
                subscriber.locale(), subscriber.brand(), subscriber.vulnerable(), outage.title(),
                outage.scope().services(), outage.startedAt(), outage.endedAt(), event.occurredAt());
        return Optional.of(new Planned(request, null));
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
    }
}
