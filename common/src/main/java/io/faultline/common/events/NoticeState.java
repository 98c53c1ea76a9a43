package io.faultline.common.events;

/** Outcome of one notice. */
public enum NoticeState {
    /** The SMSC or SMTP server took the message. */
    ACCEPTED,
    /** The handset or mailbox confirmed it (SMS delivery receipt). */
    DELIVERED,
    /** It could not be delivered. */
    FAILED,
    /** Faultline decided not to send it (no usable channel, superseded stage, preference). */
    SUPPRESSED
}
