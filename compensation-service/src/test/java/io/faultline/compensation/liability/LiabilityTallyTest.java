package io.faultline.compensation.liability;

import static io.faultline.compensation.policy.Lines.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.CreditKind;
import io.faultline.common.events.Subscriber;
import io.faultline.compensation.policy.Award;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How awards add up to a liability. */
class LiabilityTallyTest {

    @Test
    void addsUpPerCurrencyPerBrandAndKindAndPerPolicy() {
        LiabilityTally tally = new LiabilityTally();
        tally.evaluated(4);
        tally.add(line().id("A").brand("meridian").build(), award("o2", CreditKind.MONETARY, 84, "GBP", false));
        tally.add(line().id("B").brand("meridian").build(), award("o2", CreditKind.MONETARY, 93, "GBP", false));
        tally.add(line().id("C").brand("skylark").build(), award("o2", CreditKind.ALLOWANCE, 0, "GBP", false));
        tally.add(line().id("D").brand("skylark").build(), award("orange", CreditKind.MONETARY, 500, "EUR", false));

        assertThat(tally.linesEvaluated()).isEqualTo(4);
        assertThat(tally.credits()).isEqualTo(4);
        assertThat(tally.totalMinorByCurrency()).isEqualTo(Map.of("GBP", 177L, "EUR", 500L));
        assertThat(tally.breakdown()).containsExactly(
                new Liability.Breakdown("meridian", "GBP", CreditKind.MONETARY, 2, 177),
                new Liability.Breakdown("skylark", "EUR", CreditKind.MONETARY, 1, 500),
                new Liability.Breakdown("skylark", "GBP", CreditKind.ALLOWANCE, 1, 0));
        assertThat(tally.policies()).containsExactly(
                new Liability.PolicyLiability("o2@1", 3, Map.of("GBP", 177L)),
                new Liability.PolicyLiability("orange@1", 1, Map.of("EUR", 500L)));
    }

    @Test
    void aGrantPerAccountCountsOncePerAccountAsTheLedgerBooksIt() {
        LiabilityTally tally = new LiabilityTally();
        Award perAccount = award("flat", CreditKind.MONETARY, 1000, "GBP", true);
        Subscriber first = line().id("A").build();
        Subscriber sameAccount = new Subscriber("B", first.msisdn(), first.email(), first.locale(), first.brand(),
                first.billingAccount(), first.segment(), first.plan(), first.homeRegion(), first.platforms(),
                first.contact(), first.vulnerable(), first.updatedAt());
        tally.add(first, perAccount);
        tally.add(sameAccount, perAccount);

        assertThat(tally.credits()).isEqualTo(1);
        assertThat(tally.totalMinorByCurrency()).isEqualTo(Map.of("GBP", 1000L));
    }

    @Test
    void linesAlikeCountAsManyCreditsAsTheyHaveLines() {
        LiabilityTally oneByOne = new LiabilityTally();
        LiabilityTally alike = new LiabilityTally();
        Award award = award("o2", CreditKind.MONETARY, 84, "GBP", false);
        for (int i = 0; i < 3; i++) {
            oneByOne.evaluated(1);
            oneByOne.add(line().id("L" + i).build(), award);
        }
        alike.evaluated(3);
        alike.add(line().id("L0").build(), award, 3);
        alike.add(line().id("L9").build(), award, 0);

        assertThat(alike.credits()).isEqualTo(3);
        assertThat(alike.linesEvaluated()).isEqualTo(oneByOne.linesEvaluated());
        assertThat(alike.totalMinorByCurrency()).isEqualTo(Map.of("GBP", 252L)).isEqualTo(oneByOne.totalMinorByCurrency());
        assertThat(alike.breakdown()).isEqualTo(oneByOne.breakdown());
        assertThat(alike.policies()).isEqualTo(oneByOne.policies());
        assertThat(alike.examples()).containsExactly(oneByOne.examples().getFirst());
    }

    @Test
    void anAwardPerAccountIsNeverCountedForLinesAlike() {
        LiabilityTally tally = new LiabilityTally();
        assertThatThrownBy(() -> tally.add(line().build(), award("flat", CreditKind.MONETARY, 1000, "GBP", true), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("once per account");
        assertThat(tally.credits()).isZero();
    }

    @Test
    void keepsTheFirstAwardsAsExamplesWithTheirFormula() {
        LiabilityTally tally = new LiabilityTally();
        for (int i = 0; i < 8; i++) {
            tally.add(line().id("L" + i).build(), award("o2", CreditKind.MONETARY, 84, "GBP", false));
        }
        assertThat(tally.examples()).hasSize(LiabilityTally.EXAMPLES);
        assertThat(tally.examples().getFirst()).isEqualTo(new Liability.Example("L0", "o2", "o2@1", "rule-1",
                CreditKind.MONETARY, 84, "GBP", "airtime 1300 x 2 / 31"));
    }

    private static Award award(String policy, CreditKind kind, long minor, String currency, boolean perAccount) {
        return new Award(policy, 1, "rule-1", kind, minor, currency, perAccount, null, minor, "GOODWILL", true,
                new CalculationTrace(List.of("airtime"), 1300, 2, 31, "ACTUAL", "83.87", "HALF_UP",
                        "airtime 1300 x 2 / 31"));
    }
}
