package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageStatus;

/** Notifier business counters; Micrometer in the application, a no-op in unit tests. */
public interface NotifierMetrics {

    NotifierMetrics NONE = new NotifierMetrics() {
    };

    default void outageEvent(OutageStatus status, boolean superseded) {
    }

    default void noticeDecided(NoticeChannel channel) {
    }

    /** The fan-out emitted a batch of notices (one record of the notice-requests topic). */
    default void noticeBatch() {
    }

    default void notice(NoticeChannel channel, NoticeState state) {
    }

    default void smsSegments(int segments) {
    }

    /** A notice redelivered after a crash was found in the sent journal and not sent again. */
    default void resendAvoided(NoticeChannel channel) {
    }
}
