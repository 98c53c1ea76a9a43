package io.faultline.notifier.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SentSmsRegistryTest {

    @Test
    void theFirstFinalReceiptOfAnyPartDecidesAndTheOtherPartsAreForgotten() {
        SentSmsRegistry registry = new SentSmsRegistry(100);
        registry.sent("a1", notice("N1"));
        registry.sent("a2", notice("N1"));
        registry.sent("b1", notice("N2"));

        assertThat(registry.receiptFor("a2")).map(SentSmsRegistry.SentNotice::noticeId).contains("N1");
        assertThat(registry.receiptFor("a1")).isEmpty();
        assertThat(registry.size()).isEqualTo(1);
    }

    @Test
    void aPartAcceptedAfterTheNoticeWasDecidedIsNotMatchedAgain() {
        SentSmsRegistry registry = new SentSmsRegistry(100);
        registry.sent("p1", notice("N1"));
        assertThat(registry.receiptFor("p1")).isPresent();
        registry.sent("p2", notice("N1"));
        assertThat(registry.receiptFor("p2")).isEmpty();
    }

    @Test
    void anIdAsReceivedWinsOverItsReadingInAnotherBase() {
        SentSmsRegistry registry = new SentSmsRegistry(100);
        registry.sent("10", notice("hex-10"));
        registry.sent("a", notice("decimal-10-in-hex"));
        assertThat(registry.receiptFor("10")).map(SentSmsRegistry.SentNotice::noticeId).contains("hex-10");
        assertThat(registry.receiptFor("10")).map(SentSmsRegistry.SentNotice::noticeId).contains("decimal-10-in-hex");
    }

    @Test
    void theOldestNoticesAreForgottenBeyondCapacity() {
        SentSmsRegistry registry = new SentSmsRegistry(2);
        registry.sent("1", notice("N1"));
        registry.sent("2", notice("N2"));
        registry.sent("3", notice("N3"));
        assertThat(registry.receiptFor("1")).isEmpty();
        assertThat(registry.receiptFor("3")).isPresent();
    }

    private static NoticeRequest notice(String id) {
        Instant t = Instant.parse("2018-12-06T05:30:00Z");
        return new NoticeRequest(id, "OUT-1", 1, OutageStatus.DETECTED, "S-" + id, NoticeChannel.SMS, "447700900001",
                "en", "meridian", false, "title", Set.of(Service.DATA), t, null, t);
    }
}
