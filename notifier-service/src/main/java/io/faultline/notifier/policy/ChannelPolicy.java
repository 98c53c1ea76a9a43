package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.Subscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks the channel of a notice: never one that depends on an affected service (SMS down: email; mail down:
 * SMS), the customer's preferred channel when it works, otherwise SMS before email. A customer with no usable
 * contact is suppressed with the reason.
 */
public final class ChannelPolicy {

    public ChannelDecision choose(Subscriber subscriber, OutageScope scope) {
        return choose(subscriber, scope, channel -> true);
    }

    /** As {@link #choose(Subscriber, OutageScope)}, among the channels the stage allows. */
    public ChannelDecision choose(Subscriber subscriber, OutageScope scope, Predicate<NoticeChannel> allowed) {
        List<NoticeChannel> candidates = new ArrayList<>(List.of(NoticeChannel.SMS, NoticeChannel.EMAIL));
        candidates.removeIf(allowed.negate());
        NoticeChannel preferred = subscriber.contact().preferredChannel();
        if (preferred != null && candidates.remove(preferred)) {
            candidates.addFirst(preferred);
        }
        boolean anyWorking = false;
        for (NoticeChannel channel : candidates) {
            if (scope.affects(channel.dependsOn())) {
                continue;
            }
            anyWorking = true;
            if (hasAddress(subscriber, channel)) {
                return ChannelDecision.send(channel);
            }
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
