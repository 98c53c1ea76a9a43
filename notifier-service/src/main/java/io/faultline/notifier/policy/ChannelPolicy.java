package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.Subscriber;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks the channel of a notice: never one that depends on an affected service (SMS down: email; mail down:
 * SMS), the customer's preferred channel when it works, otherwise SMS before email. A customer with no usable
 * contact is suppressed with the reason.
 */
public final class ChannelPolicy {

    private static final List<NoticeChannel> SMS_FIRST = List.of(NoticeChannel.SMS, NoticeChannel.EMAIL);
    private static final List<NoticeChannel> EMAIL_FIRST = List.of(NoticeChannel.EMAIL, NoticeChannel.SMS);

    public ChannelDecision choose(Subscriber subscriber, OutageScope scope) {
        return choose(subscriber, scope, channel -> true);
    }

    /** The channel of a notice that no outage stands in the way of (every channel works). */
    public ChannelDecision chooseAnyWorking(Subscriber subscriber) {
        return choose(subscriber, null, channel -> true);
    }

    /**
     * As {@link #choose(Subscriber, OutageScope)}, among the channels the stage allows.
     *
     * @param scope the outage's scope, or null when no outage affects any channel
     */
    public ChannelDecision choose(Subscriber subscriber, OutageScope scope, Predicate<NoticeChannel> allowed) {
        List<NoticeChannel> candidates = subscriber.contact().preferredChannel() == NoticeChannel.EMAIL
                ? EMAIL_FIRST : SMS_FIRST;
        boolean anyWorking = false;
        for (NoticeChannel channel : candidates) {
            if (!allowed.test(channel) || scope != null && scope.affects(channel.dependsOn())) {
                continue;
            }
            anyWorking = true;
            if (hasAddress(subscriber, channel)) {
                return ChannelDecision.send(channel);
            }
        }
        if (scope == null) {
            return ChannelDecision.suppress("no contact address (neither a mobile number nor an email)");
        }
        return ChannelDecision.suppress(anyWorking
                ? "no contact address for a channel the outage leaves working"
                : "the outage affects both SMS and email");
    }

    private static boolean hasAddress(Subscriber subscriber, NoticeChannel channel) {
        return switch (channel) {
            case SMS -> subscriber.msisdn() != null && !subscriber.msisdn().isBlank();
            case EMAIL -> subscriber.email() != null && !subscriber.email().isBlank();
            case STATUS_PAGE, WEBHOOK -> false;
        };
    }
}
