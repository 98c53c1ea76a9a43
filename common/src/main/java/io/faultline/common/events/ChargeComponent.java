package io.faultline.common.events;

/**
 * One named part of a monthly bill, e.g. {@code airtime} or {@code handset}. Compensation policies name the
 * components they are computed from.
 *
 * @param name         component name, e.g. airtime, handset, insurance
 * @param monthlyMinor monthly price in minor units of the plan currency, before discounts
 */
public record ChargeComponent(String name, long monthlyMinor) {

    public ChargeComponent {
        Require.text(name, "name");
        Require.nonNegative(monthlyMinor, "monthlyMinor");
    }
}
