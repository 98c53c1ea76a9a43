package io.faultline.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.policy.NoticeRequest;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutageBoardTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");

    private final OutageBoard board = new OutageBoard();

    @Test
    void aQueuedNoticeOfTheStartIsOvertakenByALaterResolutionButTheResolutionItselfNeverIs() {
        board.observe(event("OUT-1", OutageStatus.DETECTED, 1));
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.DETECTED, 1))).isEmpty();

        board.observe(event("OUT-1", OutageStatus.UPDATED, 2));
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.DETECTED, 1))).as("an update overtakes nothing")
                .isEmpty();

        board.observe(event("OUT-1", OutageStatus.RESOLVED, 3));
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.DETECTED, 1))).contains("RESOLVED v3");
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.UPDATED, 2))).contains("RESOLVED v3");
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.RESOLVED, 3))).isEmpty();
        assertThat(board.supersededBy(notice("OUT-2", OutageStatus.DETECTED, 1))).as("another outage").isEmpty();
    }

    @Test
    void aReopeningOvertakesTheEarlierEpisodeAndEventsOutOfOrderOrRepeatedChangeNothing() {
        board.observe(event("OUT-1", OutageStatus.REOPENED, 4));
        board.observe(event("OUT-1", OutageStatus.RESOLVED, 3));
        board.observe(event("OUT-1", OutageStatus.REOPENED, 4));

        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.DETECTED, 1))).contains("REOPENED v4");
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.REOPENED, 4))).isEmpty();
        assertThat(board.supersededBy(notice("OUT-1", OutageStatus.RESOLVED, 3))).as("it did end, then came back")
                .isEmpty();
    }

    private static OutageEvent event(String outageId, OutageStatus status, long version) {
        Instant end = status == OutageStatus.RESOLVED ? T0.plusSeconds(3600) : null;
        return OutageEvent.of(status, end == null ? T0 : end, new OutageSnapshot(outageId, version,
                "Mobile data unavailable in north", OutageSeverity.MAJOR, new OutageScope(Set.of(Service.DATA),
                Set.of("north"), Set.of()), T0, T0, end, new Evidence(List.of(), 0, 0, 0.9), 1000, null));
    }

    private static NoticeRequest notice(String outageId, OutageStatus stage, long version) {
        return new NoticeRequest(outageId + ":" + stage + ":S1:SMS", outageId, version, stage, "S1",
                NoticeChannel.SMS, "447700900001", "en", "meridian", false, "Mobile data unavailable in north",
                Set.of(Service.DATA), T0, null, T0);
    }
}
