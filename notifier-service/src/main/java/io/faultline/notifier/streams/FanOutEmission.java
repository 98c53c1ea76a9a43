package io.faultline.notifier.streams;

import io.faultline.common.events.NoticeReceipt;
import io.faultline.notifier.policy.NoticeBatch;

/**
 * What the fan-out emits: a batch of notices to deliver (keyed by the fan-out task's partition) or the receipt of
 * one suppressed notice (keyed by its subscriber). Exactly one of the two is set.
 */
record FanOutEmission(NoticeBatch requests, NoticeReceipt suppressed) {

    FanOutEmission {
        if ((requests == null) == (suppressed == null)) {
            throw new IllegalArgumentException("a fan-out emits either a notice batch or a suppressed receipt");
        }
    }
}
