package io.faultline.compensation.policy;

import static io.faultline.compensation.policy.Lines.line;
import static io.faultline.compensation.policy.Lines.outage;
import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.CreditKind;
import io.faultline.common.events.Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.Period;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policies shipped in {@code policies/}, computed on worked examples by hand. */
class ShippedPoliciesTest {

    static CompensationPolicy shipped(String name) {
        try (InputStream in = ShippedPoliciesTest.class.getResourceAsStream("/policies/" + name)) {
            return PolicyParser.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final CompensationPolicy O2 = shipped("o2-2018-12.yaml");
    private static final CompensationPolicy ORANGE = shipped("orange-2012-07.yaml");
    private static final CompensationPolicy ORANGE_VOICEMAIL = shipped("orange-voicemail-2012.yaml");

    private static final OutageFacts O2_DATA = outage("2018-12-06T04:30:00Z", Duration.ofHours(21), Service.DATA);
    private static final OutageFacts ORANGE_HLR = outage("2012-07-06T14:30:00Z", Duration.ofHours(12),
            Service.VOICE, Service.SMS, Service.DATA);

    @Test
    void o2PayMonthlyGetsTwoDaysOfItsAirtimeOnly() {
        // airtime 1300 x 2 / 31 (December) = 83.870967... -> 84 pence; the 2500 handset charge is not credited
        Award award = O2.assess(O2_DATA, line().build(), LineHistory.UNKNOWN).granted().orElseThrow();

        assertThat(award.kind()).isEqualTo(CreditKind.MONETARY);
        assertThat(award.amountMinor()).isEqualTo(84);
        assertThat(award.currency()).isEqualTo("GBP");
        assertThat(award.policyKey()).isEqualTo("o2-2018-12@1");
        assertThat(award.ruleId()).isEqualTo("pay-monthly");
        assertThat(award.trace().baseComponents()).containsExactly("airtime");
        assertThat(award.trace().baseMinor()).isEqualTo(1300);
        assertThat(award.trace().days()).isEqualTo(2);
        assertThat(award.trace().daysInPeriod()).isEqualTo(31);
        assertThat(award.trace().unroundedMinor()).isEqualTo("83.870967...");
        assertThat(award.trace().formula()).isEqualTo(
                "airtime 1300 x 2 / 31 (ACTUAL) = 83.870967... -> 84 (HALF_UP) GBP minor units");
    }

    @Test
    void o2PayAsYouGoGetsTenPercentOfItsNextTopUpUpToItsLargestTopUp() {
        // largest top-up GBP 20.00: the bonus is at most 10% of 2000 = 200 pence
        Award award = O2.assess(O2_DATA, line().payAsYouGo().build(), new LineHistory(2000L)).granted()
                .orElseThrow();

        assertThat(award.kind()).isEqualTo(CreditKind.TOPUP_BONUS);
        assertThat(award.amountMinor()).isEqualTo(200);
        assertThat(award.grant()).isEqualTo(new Grant.TopUpBonus(BigDecimal.TEN, true, java.util.Map.of()));

        assertThat(O2.assess(O2_DATA, line().payAsYouGo().build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("pay-as-you-go: no top-up on record to cap the bonus");
    }

    @Test
    void skyMobileGetsAFreeDayOfDataAndTescoMobileTwoGigabytes() {
        Award sky = O2.assess(O2_DATA, line().brand("sky").build(), LineHistory.UNKNOWN).granted().orElseThrow();
        Award tesco = O2.assess(O2_DATA, line().brand("tesco").payAsYouGo().build(), LineHistory.UNKNOWN).granted()
                .orElseThrow();

        assertThat(sky.kind()).isEqualTo(CreditKind.FREE_USAGE_WINDOW);
        assertThat(sky.amountMinor()).isZero();
        assertThat(sky.grant()).isEqualTo(new Grant.FreeUsage(Set.of(Service.DATA),
                LocalDateTime.parse("2018-12-16T00:00"), LocalDateTime.parse("2018-12-17T00:00")));
        assertThat(tesco.kind()).isEqualTo(CreditKind.ALLOWANCE);
        assertThat(tesco.grant()).isEqualTo(new Grant.Allowance(BigDecimal.valueOf(2), "GB", Period.ofMonths(1)));
    }

    @Test
    void o2PaysNothingForAnotherBrandAnotherDayOrAVoiceOutage() {
        assertThat(O2.assess(O2_DATA, line().brand("giffgaff").build(), LineHistory.UNKNOWN).whyNot())
                .isEqualTo("brand giffgaff is not one of [o2, sky, tesco]");
        assertThat(O2.assess(outage("2018-12-07T04:30:00Z", Duration.ofHours(2), Service.DATA), line().build(),
                LineHistory.UNKNOWN).whyNot()).startsWith("the outage started on 2018-12-07, outside the policy's dates");
        assertThat(O2.assess(outage("2018-12-06T04:30:00Z", Duration.ofHours(2), Service.VOICE), line().build(),
                LineHistory.UNKNOWN).whyNot()).isEqualTo("the outage affects none of [DATA]");
    }

    @Test
    void orangeGivesUnlimitedPlansAGigabyteOtherPlansAFreeDayOfCallsAndSmsAndPrepaidAFreeDayOfSms() {
        Award unlimited = ORANGE.assess(ORANGE_HLR, line().brand("orange").region("paris").unlimitedData().build(),
                LineHistory.UNKNOWN).granted().orElseThrow();
        Award consumer = ORANGE.assess(ORANGE_HLR, line().brand("orange").region("paris").build(),
                LineHistory.UNKNOWN).granted().orElseThrow();
        Award business = ORANGE.assess(ORANGE_HLR, line().brand("orange").region("paris").segment("business")
                .build(), LineHistory.UNKNOWN).granted().orElseThrow();
        Award prepaid = ORANGE.assess(ORANGE_HLR, line().brand("orange").region("paris").payAsYouGo().build(),
                LineHistory.UNKNOWN).granted().orElseThrow();

        assertThat(unlimited.grant()).isEqualTo(new Grant.Allowance(BigDecimal.ONE, "GB", Period.ofMonths(1)));
        assertThat(consumer.grant()).isEqualTo(new Grant.FreeUsage(Set.of(Service.VOICE, Service.SMS),
                LocalDateTime.parse("2012-07-15T00:00"), LocalDateTime.parse("2012-07-16T00:00")));
        assertThat(business.grant()).isEqualTo(new Grant.FreeUsage(Set.of(Service.VOICE, Service.SMS),
                LocalDateTime.parse("2012-07-16T00:00"), LocalDateTime.parse("2012-07-17T00:00")));
        assertThat(prepaid.grant()).isEqualTo(new Grant.FreeUsage(Set.of(Service.SMS),
                LocalDateTime.parse("2012-07-14T00:00"), LocalDateTime.parse("2012-07-15T00:00")));
        assertThat(prepaid.trace().formula()).isEqualTo("free [SMS] from 2012-07-14T00:00 until 2012-07-15T00:00 "
                + "(Europe/Paris)");
    }

    @Test
    void theFourHourVoicemailOutageOf2012PaysNothingAndSaysWhy() {
        OutageFacts voicemail = outage("2012-10-03T08:00:00Z", Duration.ofHours(4), Service.VOICEMAIL);

        Assessment assessment = ORANGE_VOICEMAIL.assess(voicemail, line().brand("orange").region("paris").build(),
                LineHistory.UNKNOWN);

        assertThat(assessment.granted()).isEmpty();
        assertThat(assessment.whyNot()).isEqualTo(
                "the policy grants nothing: Orange voicemail outage of 2012 (no compensation)");
        assertThat(ORANGE.assess(voicemail, line().brand("orange").region("paris").build(), LineHistory.UNKNOWN)
                .whyNot()).as("nor does the July policy").startsWith("the outage started on 2012-10-03");
    }
}
