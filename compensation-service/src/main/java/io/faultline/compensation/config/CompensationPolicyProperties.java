package io.faultline.compensation.config;

import io.faultline.common.events.PlanType;
import io.faultline.compensation.policy.DayCountConvention;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pro-rata charge policy this service applies ({@code faultline.compensation.policy.*}). The defaults are the
 * O2 December 2018 pay-monthly rule for the host brand: two days of the monthly airtime charge.
 *
 * @param id          policy id, stable across versions
 * @param version     policy version; change it whenever the rule changes
 * @param planTypes   plan types compensated
 * @param brands      brands compensated; empty means every brand
 * @param components  charge components credited
 * @param days        days credited
 * @param dayCount    divisor convention of the monthly charge
 * @param rounding    rounding to minor units
 * @param reasonCode  finance reason code
 * @param taxIncluded whether the charges, and so the credits, include tax
 * @param zone        time zone in which the month of the outage start is read
 */
@ConfigurationProperties("faultline.compensation.policy")
public record CompensationPolicyProperties(
        @DefaultValue("o2-2018-pay-monthly") String id,
        @DefaultValue("1") int version,
        @DefaultValue("PAY_MONTHLY") Set<PlanType> planTypes,
        @DefaultValue("meridian") Set<String> brands,
        @DefaultValue("airtime") List<String> components,
        @DefaultValue("2") int days,
        @DefaultValue("ACTUAL") DayCountConvention dayCount,
        @DefaultValue("HALF_UP") RoundingMode rounding,
        @DefaultValue("OUTAGE_GOODWILL") String reasonCode,
        @DefaultValue("true") boolean taxIncluded,
        @DefaultValue("UTC") String zone) {
}
