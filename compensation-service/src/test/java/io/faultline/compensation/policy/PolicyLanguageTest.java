package io.faultline.compensation.policy;

import static io.faultline.compensation.policy.Lines.line;
import static io.faultline.compensation.policy.Lines.outage;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each construct of the policy language on a worked example, to the minor unit. The usual line pays GBP 13.00
 * airtime and GBP 25.00 handset a month.
 */
class PolicyLanguageTest {

    private static final OutageFacts DECEMBER = outage("2018-12-06T04:30:00Z", Duration.ofHours(21), Service.DATA);
    private static final OutageFacts FEBRUARY = outage("2019-02-12T09:00:00Z", Duration.ofHours(21), Service.DATA);

    /** A policy of the given rules (and whatever else is given after them), in force 2010-2030, London time. */
    static CompensationPolicy policy(String rulesAndMore) {
        return PolicyParser.parse("test.yaml", """
                policy: test
                version: 1
                title: Test policy
                effective: {from: 2010-01-01, until: 2030-12-31}
                zone: Europe/London
                reason: OUTAGE_GOODWILL
                """ + rulesAndMore);
    }

    private static long amount(CompensationPolicy policy, OutageFacts outage, Subscriber line) {
        Assessment assessment = policy.assess(outage, line, LineHistory.UNKNOWN);
        assertThat(assessment.whyNot()).isNull();
        return assessment.award().amountMinor();
    }

    private static CompensationPolicy twoDaysOfAirtime(String dayCount) {
        return policy("rules:\n  - id: r\n    proRata: {components: [airtime], days: 2, dayCount: " + dayCount + "}\n");
    }

    @Test
    void thirteenPoundsOfAirtimeOverTwoDaysUnderEachDayCountConvention() {
        // December (31 days): 1300 x 2 / 31 = 83.87 -> 84; February 2019 (28 days): 1300 x 2 / 28 = 92.86 -> 93
        assertThat(amount(twoDaysOfAirtime("actual"), DECEMBER, line().build())).isEqualTo(84);
        assertThat(amount(twoDaysOfAirtime("actual"), FEBRUARY, line().build())).isEqualTo(93);
        // 1300 x 2 / 30 = 86.67 -> 87, in any month
        assertThat(amount(twoDaysOfAirtime("thirty"), DECEMBER, line().build())).isEqualTo(87);
        assertThat(amount(twoDaysOfAirtime("thirty"), FEBRUARY, line().build())).isEqualTo(87);
        // 1300 x 2 / 31 = 83.87 -> 84, in any month
        assertThat(amount(twoDaysOfAirtime("thirty-one"), FEBRUARY, line().build())).isEqualTo(84);
    }

    @Test
    void severalComponentsAddUpAndAPlanWithoutThemGetsNothing() {
        CompensationPolicy airtimeAndHandset = policy(
                "rules:\n  - id: r\n    proRata: {components: [airtime, handset], days: 1, dayCount: thirty}\n");
        // (1300 + 2500) x 1 / 30 = 126.67 -> 127
        assertThat(amount(airtimeAndHandset, DECEMBER, line().build())).isEqualTo(127);
        assertThat(airtimeAndHandset.assess(DECEMBER, line().charges("GBP", "data-bundle", 500).build(),
                LineHistory.UNKNOWN).whyNot()).isEqualTo("r: the plan has none of the charges [airtime, handset]");
    }

    @Test
    void theOutagesOwnLengthWithEachRuleForAPartialDay() {
        OutageFacts dayAndFiveHours = outage("2018-12-06T04:30:00Z", Duration.ofHours(29), Service.DATA);
        String rule = "rules:\n  - id: r\n    proRata: {components: [airtime], days: outage, dayCount: thirty, "
                + "partialDay: %s}\n";
        // up: 2 days, 1300 x 2 / 30 = 86.67 -> 87; down: 1 day, 43.33 -> 43; exact: 29/24 = 1.208333 days,
        // 1300 x 1.208333 / 30 = 52.36 -> 52
        assertThat(amount(policy(rule.formatted("up")), dayAndFiveHours, line().build())).isEqualTo(87);
        assertThat(amount(policy(rule.formatted("down")), dayAndFiveHours, line().build())).isEqualTo(43);
        assertThat(amount(policy(rule.formatted("exact")), dayAndFiveHours, line().build())).isEqualTo(52);
    }

    @Test
    void aDurationStepTablePaysTheHighestStepReached() {
        CompensationPolicy steps = policy("""
                rules:
                  - id: r
                    steps:
                      - {atLeast: PT4H, amounts: [GBP 2.50, EUR 3]}
                      - {atLeast: PT24H, amounts: [GBP 5.00, EUR 6]}
                      - {atLeast: P3D, amounts: [GBP 15.00, EUR 18]}
                """);

        assertThat(steps.assess(outage("2018-12-06T04:30:00Z", Duration.ofHours(3), Service.DATA), line().build(),
                LineHistory.UNKNOWN).whyNot()).isEqualTo("r: the outage (PT3H) reached no step");
        assertThat(amount(steps, outage("2018-12-06T04:30:00Z", Duration.ofHours(4), Service.DATA), line().build()))
                .isEqualTo(250);
        assertThat(amount(steps, DECEMBER, line().build())).isEqualTo(250);
        assertThat(amount(steps, outage("2018-12-06T04:30:00Z", Duration.ofDays(2), Service.DATA),
                line().charges("EUR", "airtime", 2000).build())).isEqualTo(600);
        assertThat(amount(steps, outage("2018-12-06T04:30:00Z", Duration.ofDays(3), Service.DATA), line().build()))
                .isEqualTo(1500);
    }

    @Test
    void aFlatAmountPerLineOrPerAccount() {
        Award perLine = policy("rules:\n  - id: r\n    flat: {amounts: [GBP 5.00]}\n")
                .assess(DECEMBER, line().build(), LineHistory.UNKNOWN).award();
        Award perAccount = policy("rules:\n  - id: r\n    flat: {amounts: [GBP 10.00], per: account}\n")
                .assess(DECEMBER, line().build(), LineHistory.UNKNOWN).award();

        assertThat(perLine.amountMinor()).isEqualTo(500);
        assertThat(perLine.perAccount()).isFalse();
        assertThat(perAccount.amountMinor()).isEqualTo(1000);
        assertThat(perAccount.perAccount()).isTrue();
        assertThat(policy("rules:\n  - id: r\n    flat: {amounts: [GBP 5.00]}\n").assess(DECEMBER,
                line().charges("EUR", "airtime", 1300).build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("r: no amount in EUR");
    }

    @Test
    void capsRoundingIncrementsAndTheMinimumPayout() {
        String fiftyPounds = "rules:\n  - id: r\n    flat: {amounts: [GBP 50.00, CHF 1.23]}\n";
        // at most the monthly charge: 1300 + 2500 = 3800
        assertThat(amount(policy(fiftyPounds + "cap: {monthlyCharge: true}\n"), DECEMBER, line().build()))
                .isEqualTo(3800);
        assertThat(amount(policy(fiftyPounds + "cap: {monthlyCharge: true, amounts: [GBP 20.00]}\n"), DECEMBER,
                line().build())).isEqualTo(2000);
        // CHF 1.23 rounded half-up to a multiple of 0.05 -> 1.25; half-down of 1.225 would matter, 1.23 does not
        assertThat(amount(policy(fiftyPounds + "rounding: {mode: half-up, increments: [CHF 0.05]}\n"), DECEMBER,
                line().charges("CHF", "airtime", 3000).build())).isEqualTo(125);
        assertThat(amount(policy(fiftyPounds + "rounding: {mode: down, increments: [CHF 0.05]}\n"), DECEMBER,
                line().charges("CHF", "airtime", 3000).build())).isEqualTo(120);

        String twoDays = "rules:\n  - id: r\n    proRata: {components: [airtime], days: 2}\n";
        // 84 pence is under a GBP 1.00 minimum: raised, or dropped
        assertThat(amount(policy(twoDays + "minimum: {amounts: [GBP 1.00], below: raise}\n"), DECEMBER,
                line().build())).isEqualTo(100);
        assertThat(policy(twoDays + "minimum: {amounts: [GBP 1.00]}\n").assess(DECEMBER, line().build(),
                LineHistory.UNKNOWN).whyNot()).isEqualTo("r: GBP 0.84 is under the minimum payout of GBP 1.00");
    }

    @Test
    void aCurrencyWithoutMinorUnitsIsRoundedToWholeUnits() {
        // JPY 3,000 a month x 2 / 31 = 193.548... -> 194 yen
        assertThat(amount(twoDaysOfAirtime("actual"), DECEMBER, line().charges("JPY", "airtime", 3000).build()))
                .isEqualTo(194);
        assertThat(Money.parse("JPY 194")).isEqualTo(new Money("JPY", 194));
        assertThat(Money.format(84, "GBP")).isEqualTo("GBP 0.84");
    }

    @Test
    void eligibilityByOutageAndByLineWithExclusions() {
        CompensationPolicy strict = policy("""
                outage:
                  services: [data, voice]
                  minDuration: PT4H
                  minAffected: 10000
                  excludeCauses: [force-majeure]
                lines:
                  brands: [o2]
                  planTypes: [pay-monthly]
                  segments: [consumer]
                  regions: [london]
                  services: [data]
                rules:
                  - id: r
                    flat: {amounts: [GBP 5.00]}
                """);
        OutageFacts shortOne = outage("2018-12-06T04:30:00Z", Duration.ofHours(3), Service.DATA);
        OutageFacts small = new OutageFacts("OUT-2", DECEMBER.scope(), DECEMBER.startedAt(), DECEMBER.endedAt(), 500,
                Set.of());
        OutageFacts storm = new OutageFacts("OUT-3", DECEMBER.scope(), DECEMBER.startedAt(), DECEMBER.endedAt(),
                1_000_000, Set.of("force-majeure"));

        assertThat(amount(strict, DECEMBER, line().build())).isEqualTo(500);
        assertThat(strict.assess(shortOne, line().build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("the outage lasted PT3H, less than PT4H");
        assertThat(strict.assess(small, line().build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("the outage affected 500 subscribers, fewer than 10000");
        assertThat(strict.assess(storm, line().build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("its cause force-majeure is excluded");
        assertThat(strict.assess(DECEMBER, line().segment("business").build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("segment business is not one of [consumer]");
        assertThat(strict.assess(DECEMBER, line().region("paris").build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("home region paris is not one of [london]");
        assertThat(strict.assess(DECEMBER, line().region("leeds").build(), LineHistory.UNKNOWN).whyNot())
                .startsWith("the line was not affected");
    }

    @Test
    void theFirstRuleThatMatchesALineApplies() {
        CompensationPolicy tiers = policy("""
                rules:
                  - id: business
                    when: {segments: [business]}
                    flat: {amounts: [GBP 10.00]}
                  - id: everyone-else
                    flat: {amounts: [GBP 2.00]}
                """);

        assertThat(tiers.assess(DECEMBER, line().segment("business").build(), LineHistory.UNKNOWN).award().ruleId())
                .isEqualTo("business");
        assertThat(tiers.assess(DECEMBER, line().build(), LineHistory.UNKNOWN).award().amountMinor()).isEqualTo(200);
    }

    @Test
    void policiesStackAllOrOnlyTheBest() {
        CompensationPolicy money = policy("rules:\n  - id: r\n    flat: {amounts: [GBP 2.00]}\n");
        CompensationPolicy data = PolicyParser.parse("data.yaml", """
                policy: data-gift
                version: 3
                title: A gigabyte
                effective: {from: 2010-01-01}
                zone: Europe/London
                reason: OUTAGE_GOODWILL
                rules:
                  - id: gb
                    allowance: {quantity: 1, unit: GB, validity: P30D}
                    worth: [GBP 3.00]
                """);

        List<Award> all = new PolicyBook(List.of(money, data), PolicyBook.Stacking.ALL).awards(DECEMBER,
                line().build(), LineHistory.UNKNOWN);
        List<Award> best = new PolicyBook(List.of(money, data), PolicyBook.Stacking.BEST).awards(DECEMBER,
                line().build(), LineHistory.UNKNOWN);

        assertThat(all).extracting(Award::policyKey).containsExactly("test@1", "data-gift@3");
        assertThat(best).extracting(Award::policyKey).containsExactly("data-gift@3");
    }

    @Test
    void twoFilesCannotDefineTheSameVersionOfAPolicy() {
        CompensationPolicy first = policy("rules:\n  - id: r\n    flat: {amounts: [GBP 2.00]}\n");
        CompensationPolicy again = PolicyParser.parse("again.yaml", """
                policy: test
                version: 1
                title: Test policy, edited
                effective: {from: 2010-01-01}
                zone: Europe/London
                reason: OUTAGE_GOODWILL
                rules: []
                """);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PolicyBook(List.of(first, again),
                        PolicyBook.Stacking.ALL))
                .isInstanceOf(PolicyError.class)
                .hasMessage("again.yaml:1: version: test@1 is also defined in test.yaml: a changed policy is a new "
                        + "version");
    }
}
