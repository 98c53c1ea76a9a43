package io.faultline.notifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StagePolicyTest {

    @ParameterizedTest(name = "{0} on {1}: allowed {2}, critical {3}, critical if vulnerable {4}")
    @CsvSource({
            "DETECTED, SMS,   true,  true,  true",
            "DETECTED, EMAIL, true,  true,  true",
            "REOPENED, SMS,   true,  true,  true",
            "RESOLVED, SMS,   true,  true,  true",
            "RESOLVED, EMAIL, true,  true,  true",
            "UPDATED,  SMS,   false, false, true",
            "UPDATED,  EMAIL, true,  false, true"})
    void smsOnlyForTheStartAndEndAndUpdatesCriticalOnlyForTheVulnerable(OutageStatus stage, NoticeChannel channel,
                                                                          boolean allowed, boolean critical,
                                                                          boolean criticalIfVulnerable) {
        assertThat(StagePolicy.allows(stage, channel)).isEqualTo(allowed);
        assertThat(StagePolicy.critical(stage, subscriber(false))).isEqualTo(critical);
        assertThat(StagePolicy.critical(stage, subscriber(true))).isEqualTo(criticalIfVulnerable);
    }

    @ParameterizedTest(name = "episode {0} opens with {1}")
    @CsvSource({"0, DETECTED", "1, REOPENED", "3, REOPENED"})
    void anEpisodeOpensWithDetectedThenReopened(int episode, OutageStatus opening) {
        assertThat(StagePolicy.opening(episode)).isEqualTo(opening);
    }

    @ParameterizedTest(name = "{0} v{1} episode {2}: {3}")
    @CsvSource({
            "UPDATED,  3, 0, OUT-1:UPDATED.v3:S1:EMAIL",
            "UPDATED,  4, 1, OUT-1#1:UPDATED.v4:S1:EMAIL",
            "DETECTED, 7, 0, OUT-1:DETECTED:S1:EMAIL",
            "RESOLVED, 9, 2, OUT-1#2:RESOLVED:S1:EMAIL"})
    void anUpdateIsToldOncePerVersionAndEveryOtherStageOncePerEpisode(OutageStatus stage, long version, int episode,
                                                                       String noticeId) {
        assertThat(NoticeReceipt.noticeIdOf("OUT-1", episode, stage, version, "S1", NoticeChannel.EMAIL))
                .isEqualTo(noticeId);
    }

    private static Subscriber subscriber(boolean vulnerable) {
        Plan plan = new Plan("PM", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1300)),
                Set.of(Service.DATA), false);
        return new Subscriber("S1", "447700900001", "s1@mail.example", "en", "meridian", "ACC-S1", "consumer", plan,
                "north", Set.of(), ContactPreferences.DEFAULT, vulnerable, Instant.parse("2018-12-06T05:30:00Z"));
    }
}
