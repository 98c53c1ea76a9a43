package io.faultline.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentJournalTest {

    @TempDir
    Path dir;

    @Test
    void aNoticeSentBeforeTheProcessDiedIsKnownAfterItRestartsWithItsReceipt() {
        try (SentJournal journal = SentJournal.open(dir, 100)) {
            journal.record(accepted("OUT-1:DETECTED:S1:SMS", "msg-1"));
            journal.record(accepted("OUT-1:DETECTED:S2:SMS", "msg-2"));
        }

        try (SentJournal reopened = SentJournal.open(dir, 100)) {
            assertThat(reopened.acceptedReceiptOf("OUT-1:DETECTED:S2:SMS")).hasValueSatisfying(receipt -> {
                assertThat(receipt.providerMessageId()).isEqualTo("msg-2");
                assertThat(receipt.state()).isEqualTo(NoticeState.ACCEPTED);
            });
            assertThat(reopened.acceptedReceiptOf("OUT-1:DETECTED:S3:SMS")).isEmpty();
        }
    }

    @Test
    void aLineCutByACrashIsSkippedAndTheRestKept() throws Exception {
        try (SentJournal journal = SentJournal.open(dir, 100)) {
            journal.record(accepted("N1", "m1"));
        }
        Files.writeString(dir.resolve(SentJournal.FILE), "{\"noticeId\":\"N2\",\"subscr", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (SentJournal reopened = SentJournal.open(dir, 100)) {
            assertThat(reopened.size()).isEqualTo(1);
            assertThat(reopened.acceptedReceiptOf("N1")).isPresent();
            reopened.record(accepted("N3", "m3"));
        }
        try (SentJournal again = SentJournal.open(dir, 100)) {
            assertThat(again.acceptedReceiptOf("N3")).as("a line appended after the torn one").isPresent();
        }
    }

    @Test
    void theNewestNoticesAreRememberedAndTheFileStaysBounded() throws Exception {
        try (SentJournal journal = SentJournal.open(dir, 10)) {
            for (int i = 0; i < 95; i++) {
                journal.record(accepted("N" + i, "m" + i));
            }
            assertThat(journal.size()).isEqualTo(10);
        }
        assertThat(Files.readAllLines(dir.resolve(SentJournal.FILE))).hasSizeLessThan(20);

        try (SentJournal reopened = SentJournal.open(dir, 10)) {
            assertThat(reopened.acceptedReceiptOf("N94")).isPresent();
            assertThat(reopened.acceptedReceiptOf("N85")).isPresent();
            assertThat(reopened.acceptedReceiptOf("N84")).isEmpty();
        }
    }

    @Test
    void twoInstancesCannotShareAJournal() {
        try (SentJournal first = SentJournal.open(dir, 10)) {
            assertThatThrownBy(() -> SentJournal.open(dir, 10)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("used by another process");
        }
    }

    private static NoticeReceipt accepted(String noticeId, String providerId) {
        return new NoticeReceipt(noticeId, "S1", "OUT-1", 1, OutageStatus.DETECTED, NoticeChannel.SMS,
                NoticeState.ACCEPTED, providerId, null, Instant.parse("2018-12-06T05:40:00Z"));
    }
}
