package io.faultline.notifier.policy;

import java.util.List;

/**
 * Notices decided together by one fan-out task, delivered as one record of the internal notice-requests topic: a
 * national outage decides tens of millions of notices, and the cost of a Kafka record (the producer's accumulator
 * and callback, the broker's validation, the transaction) is then paid once per batch instead of once per customer.
 * Every subscriber of a batch lives on the same partition of {@code subscribers.v1}, and every batch of a task goes
 * to the same partition, so a customer's notices are delivered in the order they were decided. Carries contact
 * data: never log it unmasked.
 *
 * @param notices at least one notice, in the order decided
 */
public record NoticeBatch(List<NoticeRequest> notices) {

    public NoticeBatch {
        if (notices == null || notices.isEmpty()) {
            throw new IllegalArgumentException("a notice batch holds at least one notice");
        }
        notices = List.copyOf(notices);
    }

    /** A batch of one notice. */
    public static NoticeBatch of(NoticeRequest notice) {
        return new NoticeBatch(List.of(notice));
    }
}
