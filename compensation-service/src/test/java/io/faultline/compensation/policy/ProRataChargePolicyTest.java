package io.faultline.compensation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.CreditKind;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of the O2 December 2018 pay-monthly rule: two days of the monthly airtime charge. The subscriber
 * pays GBP 13.00 airtime (1300 pence) and GBP 25.00 for the handset (2500), which is never credited.
 */
class ProRataChargePolicyTest {

    private static final Instant DECEMBER_6_2018 = Instant.parse("2018-12-06T04:30:00Z");
    private static final Instant FEBRUARY_12_2019 = Instant.parse("2019-02-12T09:00:00Z");

    private static ProRataChargePolicy o2PayMonthly(DayCountConvention dayCount) {
        return ProRataChargePolicy.builder("o2-2018-pay-monthly", 1)
                .planTypes(PlanType.PAY_MONTHLY)
                .brands("meridian")
                .components("airtime")
                .days(2)
                .dayCount(dayCount)
                .reasonCode("OUTAGE_GOODWILL")
                .taxIncluded(true)
                .build();
    }

    private static OutageSnapshot dataOutage(Instant start, Set<String> regions, Set<String> elements) {
        return new OutageSnapshot("OUT-20181206-0001", 3, "Mobile data down", OutageSeverity.CRITICAL,
                new OutageScope(Set.of(Service.DATA), regions, elements), start, start.plusSeconds(600),
                start.plusSeconds(86_400), new Evidence(List.of("ALM-1"), 1200, 40, 0.99), 32_000_000, null);
    }

    private static OutageSnapshot londonDataOutage(Instant start) {
        return dataOutage(start, Set.of("london", "manchester"), Set.of());
    }

    private static Subscriber subscriber(String id, String brand, PlanType type, String region,
                                         Set<Service> services, Set<String> platforms) {
        List<ChargeComponent> charges = type == PlanType.PAY_MONTHLY
                ? List.of(new ChargeComponent("airtime", 1300), new ChargeComponent("handset", 2500))
                : List.of();
        Plan plan = new Plan("PM-13", type, "GBP", charges, services, false);
        return new Subscriber(id, "447700900123", "jane@example.com", "en", brand, "BA-" + id, "consumer", plan,
                region, platforms, null, false, Instant.parse("2018-11-01T00:00:00Z"));
    }

    private static Subscriber londonPayMonthly() {
        return subscriber("S-1", "meridian", PlanType.PAY_MONTHLY, "london",
                Set.of(Service.VOICE, Service.SMS, Service.DATA), Set.of());
    }

    @Test
    void actualDayCountInA31DayMonth() {
        // 1300 x 2 / 31 = 83.870967... -> 84
        ComputedCredit credit = o2PayMonthly(DayCountConvention.ACTUAL)
                .evaluate(londonDataOutage(DECEMBER_6_2018), londonPayMonthly()).orElseThrow();

        assertThat(credit.amountMinor()).isEqualTo(84);
        assertThat(credit.currency()).isEqualTo("GBP");
        assertThat(credit.kind()).isEqualTo(CreditKind.MONETARY);
        assertThat(credit.reasonCode()).isEqualTo("OUTAGE_GOODWILL");
        assertThat(credit.taxIncluded()).isTrue();
        assertThat(credit.billingAccount()).isEqualTo("BA-S-1");
        assertThat(credit.policyId()).isEqualTo("o2-2018-pay-monthly");
        assertThat(credit.policyVersion()).isEqualTo(1);
        assertThat(credit.trace().baseComponents()).containsExactly("airtime");
        assertThat(credit.trace().baseMinor()).isEqualTo(1300);
        assertThat(credit.trace().days()).isEqualTo(2);
        assertThat(credit.trace().daysInPeriod()).isEqualTo(31);
        assertThat(credit.trace().dayCount()).isEqualTo("ACTUAL");
        assertThat(credit.trace().unroundedMinor()).isEqualTo("83.870967");
        assertThat(credit.trace().rounding()).isEqualTo("HALF_UP");
        assertThat(credit.trace().formula()).isEqualTo("airtime 1300 x 2 / 31 = 83.870967... -> 84 (HALF_UP)");
    }

    @Test
    void thirtyDayCount() {
        // 1300 x 2 / 30 = 86.666666... -> 87
        ComputedCredit credit = o2PayMonthly(DayCountConvention.THIRTY)
                .evaluate(londonDataOutage(DECEMBER_6_2018), londonPayMonthly()).orElseThrow();

        assertThat(credit.amountMinor()).isEqualTo(87);
        assertThat(credit.trace().daysInPeriod()).isEqualTo(30);
        assertThat(credit.trace().formula()).isEqualTo("airtime 1300 x 2 / 30 = 86.666666... -> 87 (HALF_UP)");
    }

    @Test
    void thirtyOneDayCountEvenInFebruary() {
        // 1300 x 2 / 31 = 83.870967... -> 84
        ComputedCredit credit = o2PayMonthly(DayCountConvention.THIRTY_ONE)
                .evaluate(londonDataOutage(FEBRUARY_12_2019), londonPayMonthly()).orElseThrow();

        assertThat(credit.amountMinor()).isEqualTo(84);
        assertThat(credit.trace().daysInPeriod()).isEqualTo(31);
    }

    @Test
    void actualDayCountInFebruary2019() {
        // 1300 x 2 / 28 = 92.857142... -> 93
        ComputedCredit credit = o2PayMonthly(DayCountConvention.ACTUAL)
                .evaluate(londonDataOutage(FEBRUARY_12_2019), londonPayMonthly()).orElseThrow();

        assertThat(credit.amountMinor()).isEqualTo(93);
        assertThat(credit.trace().daysInPeriod()).isEqualTo(28);
        assertThat(credit.trace().formula()).isEqualTo("airtime 1300 x 2 / 28 = 92.857142... -> 93 (HALF_UP)");
    }

    @Test
    void exactAmountsAreShownWithoutEllipsis() {
        // 1200 x 2 / 30 = 80 exactly
        Subscriber subscriber = londonPayMonthly();
        Plan plan = new Plan("PM-12", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1200)),
                subscriber.plan().services(), false);
        Subscriber twelvePounds = new Subscriber("S-12", null, null, "en", "meridian", "BA-12", "consumer", plan,
                "london", Set.of(), null, false, subscriber.updatedAt());

        ComputedCredit credit = o2PayMonthly(DayCountConvention.THIRTY)
                .evaluate(londonDataOutage(DECEMBER_6_2018), twelvePounds).orElseThrow();

        assertThat(credit.amountMinor()).isEqualTo(80);
        assertThat(credit.trace().formula()).isEqualTo("airtime 1200 x 2 / 30 = 80 -> 80 (HALF_UP)");
    }

    @Test
    void handsetChargeIsNeverCredited() {
        ComputedCredit credit = o2PayMonthly(DayCountConvention.THIRTY)
                .evaluate(londonDataOutage(DECEMBER_6_2018), londonPayMonthly()).orElseThrow();

        assertThat(credit.trace().baseComponents()).doesNotContain("handset");
        assertThat(credit.trace().baseMinor()).isEqualTo(1300);
        assertThat(credit.trace().formula()).doesNotContain("handset").doesNotContain("2500");
    }

    @Test
    void payAsYouGoIsNotEligible() {
        Subscriber payg = subscriber("S-2", "meridian", PlanType.PAY_AS_YOU_GO, "london", Set.of(Service.DATA),
                Set.of());

        assertThat(o2PayMonthly(DayCountConvention.ACTUAL).evaluate(londonDataOutage(DECEMBER_6_2018), payg))
                .isEmpty();
    }

    @Test
    void otherBrandsAreNotEligible() {
        Subscriber mvno = subscriber("S-3", "skylark", PlanType.PAY_MONTHLY, "london", Set.of(Service.DATA),
                Set.of());

        assertThat(o2PayMonthly(DayCountConvention.ACTUAL).evaluate(londonDataOutage(DECEMBER_6_2018), mvno))
                .isEmpty();
    }

    @Test
    void anEmptyBrandListCompensatesEveryBrand() {
        ProRataChargePolicy everyBrand = ProRataChargePolicy.builder("goodwill", 2).planTypes(PlanType.PAY_MONTHLY)
                .components("airtime").days(2).reasonCode("OUTAGE_GOODWILL").build();
        Subscriber mvno = subscriber("S-3", "skylark", PlanType.PAY_MONTHLY, "london", Set.of(Service.DATA),
                Set.of());

        assertThat(everyBrand.evaluate(londonDataOutage(DECEMBER_6_2018), mvno)).isPresent();
    }

    @Test
    void subscriberOutOfScopeIsNotEligible() {
        Subscriber glasgow = subscriber("S-4", "meridian", PlanType.PAY_MONTHLY, "glasgow",
                Set.of(Service.VOICE, Service.DATA), Set.of("VM-1"));

        assertThat(o2PayMonthly(DayCountConvention.ACTUAL).evaluate(londonDataOutage(DECEMBER_6_2018), glasgow))
                .isEmpty();
    }

    @Test
    void subscriberHomedOnAnElementInScopeIsEligibleWhateverTheRegion() {
        Subscriber glasgow = subscriber("S-5", "meridian", PlanType.PAY_MONTHLY, "glasgow",
                Set.of(Service.VOICE, Service.DATA), Set.of("HLR-2"));

        OutageSnapshot hlrOutage = dataOutage(DECEMBER_6_2018, Set.of(), Set.of("HLR-2"));

        assertThat(o2PayMonthly(DayCountConvention.ACTUAL).evaluate(hlrOutage, glasgow)).isPresent();
    }

    @Test
    void subscriberWhosePlanHasNoAffectedServiceIsNotEligible() {
        Subscriber voiceOnly = subscriber("S-6", "meridian", PlanType.PAY_MONTHLY, "london",
                Set.of(Service.VOICE, Service.SMS), Set.of());

        assertThat(o2PayMonthly(DayCountConvention.ACTUAL).evaluate(londonDataOutage(DECEMBER_6_2018), voiceOnly))
                .isEmpty();
    }

    @Test
    void creditIdIsDeterministicNameBasedUuid() {
        ProRataChargePolicy policy = o2PayMonthly(DayCountConvention.ACTUAL);
        UUID first = policy.evaluate(londonDataOutage(DECEMBER_6_2018), londonPayMonthly()).orElseThrow().creditId();
        UUID again = policy.evaluate(londonDataOutage(DECEMBER_6_2018), londonPayMonthly()).orElseThrow().creditId();

        assertThat(again).isEqualTo(first);
        assertThat(first.version()).isEqualTo(3);
        assertThat(first).isEqualTo(UUID.nameUUIDFromBytes(
                "OUT-20181206-0001|o2-2018-pay-monthly@1|S-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(ProRataChargePolicy.creditId("OUT-20181206-0001", "o2-2018-pay-monthly", 2, "S-1"))
                .isNotEqualTo(first);
    }

    @Test
    void roundingModeIsConfigurable() {
        ProRataChargePolicy roundingDown = ProRataChargePolicy.builder("o2-2018-pay-monthly", 1)
                .planTypes(PlanType.PAY_MONTHLY).components("airtime").days(2).dayCount(DayCountConvention.THIRTY)
                .rounding(java.math.RoundingMode.DOWN).reasonCode("OUTAGE_GOODWILL").build();

        assertThat(roundingDown.evaluate(londonDataOutage(DECEMBER_6_2018), londonPayMonthly()).orElseThrow()
                .amountMinor()).isEqualTo(86);
    }
}
