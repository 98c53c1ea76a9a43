package io.faultline.compensation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.compensation.policy.Award;
import io.faultline.compensation.policy.DayCountConvention;
import io.faultline.compensation.policy.LineHistory;
import io.faultline.compensation.policy.OutageFacts;
import io.faultline.compensation.policy.PolicyBook;
import io.faultline.compensation.policy.PolicyError;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyConfigurationTest {

    private static final CompensationPolicyProperties DEFAULTS = new CompensationPolicyProperties(
            "o2-2018-pay-monthly", 1, Set.of(PlanType.PAY_MONTHLY), Set.of("meridian"), List.of("airtime"), 2,
            DayCountConvention.ACTUAL, RoundingMode.HALF_UP, "OUTAGE_GOODWILL", true, "UTC");

    private static final OutageFacts DECEMBER_DATA = new OutageFacts("OUT-1",
            new OutageScope(Set.of(Service.DATA), Set.of("london"), Set.of()), Instant.parse("2018-12-06T04:30:00Z"),
            Instant.parse("2018-12-07T04:30:00Z"), 32_000_000, Set.of());

    private static Subscriber line(String brand, PlanType type) {
        return new Subscriber("S-1", null, null, "en", brand, "BA-1", "consumer", new Plan("PM-13", type, "GBP",
                List.of(new ChargeComponent("airtime", 1300), new ChargeComponent("handset", 2500)),
                Set.of(Service.DATA), false), "london", Set.of(), null, false, Instant.EPOCH);
    }

    @Test
    void withoutPolicyFilesTheConfiguredProRataRuleIsThePolicyForAnyOutage() {
        PolicyBook book = new PolicyConfiguration().policyBook(DEFAULTS, "");

        List<Award> awards = book.awards(DECEMBER_DATA, line("meridian", PlanType.PAY_MONTHLY), LineHistory.UNKNOWN);

        assertThat(awards).singleElement().satisfies(award -> {
            assertThat(award.policyKey()).isEqualTo("o2-2018-pay-monthly@1");
            assertThat(award.amountMinor()).as("1300 x 2 / 31 = 83.87 -> 84").isEqualTo(84);
            assertThat(award.trace().formula()).startsWith("airtime 1300 x 2 / 31 (ACTUAL)");
        });
        assertThat(book.awards(DECEMBER_DATA, line("skylark", PlanType.PAY_MONTHLY), LineHistory.UNKNOWN)).isEmpty();
        assertThat(book.awards(DECEMBER_DATA, line("meridian", PlanType.PAY_AS_YOU_GO), LineHistory.UNKNOWN))
                .isEmpty();
    }

    @Test
    void policyFilesReplaceTheConfiguredRuleAndABadOneStopsTheStart() {
        PolicyBook shipped = new PolicyConfiguration().policyBook(DEFAULTS, "classpath:policies/*.yaml");

        assertThat(shipped.policies()).extracting(policy -> policy.key())
                .containsExactly("o2-2018-12@1", "orange-2012-07@1", "orange-voicemail-2012@1");
        assertThatThrownBy(() -> new PolicyConfiguration().policyBook(DEFAULTS, "classpath:no-such/*.yaml"))
                .hasMessageContaining("no policy file matches classpath:no-such/*.yaml");
        assertThatThrownBy(() -> new PolicyConfiguration().policyBook(DEFAULTS, "classpath:bad-policies/*.yaml"))
                .isInstanceOf(PolicyError.class)
                .hasMessage("misspelt.yaml:9: rules[0].flat.amounts: is required (is amount a misspelling of it?)");
    }
}
