package io.faultline.common.events;

/** How a line is paid for. */
public enum PlanType {
    PAY_MONTHLY, PAY_AS_YOU_GO
}
