package io.faultline.notifier.policy;

import io.faultline.common.events.NoticeChannel;

/**
 * The channel chosen for one notice, or why none could be.
 *
 * @param channel            channel to use, null when suppressed
 * @param suppressionReason  why no notice is sent, null when one is
 */
public record ChannelDecision(NoticeChannel channel, String suppressionReason) {

    public static ChannelDecision send(NoticeChannel channel) {
        return new ChannelDecision(channel, null);
    }

    public static ChannelDecision suppress(String reason) {
        return new ChannelDecision(null, reason);
    }

    public boolean suppressed() {
        return channel == null;
    }
}
