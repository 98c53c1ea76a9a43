package io.faultline.common.events;

/** What a notice to a customer is about. */
public enum NoticeKind {
    /** A stage of an outage (detected, updated, resolved, reopened). */
    OUTAGE,
    /** An invoice the bill-shock guard held before it was sent ({@link InvoiceHeld}). */
    INVOICE_HOLD
}
