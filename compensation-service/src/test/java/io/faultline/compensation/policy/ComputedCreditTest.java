package io.faultline.compensation.policy;

import static io.faultline.compensation.policy.Lines.line;
import static io.faultline.compensation.policy.Lines.outage;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ComputedCreditTest {

    private static final OutageFacts DECEMBER = outage("2018-12-06T04:30:00Z", Duration.ofHours(21), Service.DATA);

    @Test
    void aCreditIdIsTheNameBasedUuidOfOutagePolicyVersionAndLine() {
        UUID id = ComputedCredit.idOf("OUT-20181206-0001", "o2-2018-pay-monthly", 1, "S-1");

        assertThat(id.version()).isEqualTo(3);
        assertThat(id).as("the same ids as ledgers booked before the policy language").isEqualTo(
                UUID.nameUUIDFromBytes("OUT-20181206-0001|o2-2018-pay-monthly@1|S-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(ComputedCredit.idOf("OUT-20181206-0001", "o2-2018-pay-monthly", 2, "S-1")).isNotEqualTo(id);
    }

    @Test
    void aGrantPerAccountIsOneCreditIdForEveryLineOfTheAccount() {
        CompensationPolicy perAccount = PolicyLanguageTest.policy(
                "rules:\n  - id: r\n    flat: {amounts: [GBP 10.00], per: account}\n");
        Subscriber first = line().id("S-1").build();
        Subscriber second = new Subscriber("S-2", null, null, "en", "o2", first.billingAccount(),
                "consumer", first.plan(), "london", Set.of(), null, false, first.updatedAt());

        ComputedCredit one = ComputedCredit.of("OUT-1", first,
                perAccount.assess(DECEMBER, first, LineHistory.UNKNOWN).award());
        ComputedCredit other = ComputedCredit.of("OUT-1", second,
                perAccount.assess(DECEMBER, second, LineHistory.UNKNOWN).award());

        assertThat(other.creditId()).isEqualTo(one.creditId());
        assertThat(one.creditId()).isEqualTo(ComputedCredit.idOf("OUT-1", "test", 1, "account:BA-S-1"));
        assertThat(one.amountMinor()).isEqualTo(1000);
    }
}
