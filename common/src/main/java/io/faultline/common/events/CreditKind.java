package io.faultline.common.events;

/** What a credit gives the customer. */
public enum CreditKind {
    MONETARY, ALLOWANCE, FREE_USAGE_WINDOW, TOPUP_BONUS
}
