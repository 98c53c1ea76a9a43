package io.faultline.notifier.statuspage;

import static io.faultline.notifier.OutageEventBuilder.outage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.notifier.OutageEventBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatusBoardTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");

    private final StatusBoard board = new StatusBoard(Duration.ofDays(7));

    @Test
    void anOpenOutageIsCurrentWithItsLatestScopeMessageAndEta() {
        OutageEventBuilder o2 = outage("OUT-O2").title("Mobile data down").regions("north-west");
        board.record(o2.event(OutageStatus.DETECTED, 1, T0), T0);
        o2.regions("north-west", "london").services(Service.DATA, Service.VOICE)
                .publicMessage("A software certificate expired; engineers are rolling back.")
                .eta(T0.plusSeconds(6 * 3600));
        board.record(o2.event(OutageStatus.UPDATED, 2, T0.plusSeconds(600)), T0);

        StatusView view = board.view(T0.plusSeconds(900), null, null);

        assertThat(view.allOperational()).isFalse();
        assertThat(view.recent()).isEmpty();
        Incident incident = view.current().getFirst();
        assertThat(incident.reference()).isEqualTo("OUT-O2");
        assertThat(incident.stage()).isEqualTo(OutageStatus.UPDATED);
        assertThat(incident.regions()).containsExactlyInAnyOrder("north-west", "london");
        assertThat(incident.services()).containsExactlyInAnyOrder(Service.DATA, Service.VOICE);
        assertThat(incident.eta()).isEqualTo(T0.plusSeconds(6 * 3600));
        assertThat(incident.publicMessage()).startsWith("A software certificate expired");
        assertThat(incident.timeline()).extracting(TimelineEntry::stage)
                .containsExactly(OutageStatus.DETECTED, OutageStatus.UPDATED);
        assertThat(incident.timeline().getFirst().regions()).containsExactly("north-west");
        assertThat(view.byRegion()).containsEntry("london", Set.of(Service.DATA, Service.VOICE))
                .containsEntry("north-west", Set.of(Service.DATA, Service.VOICE));
    }

    @Test
    void eventsOutOfOrderAndTwiceGiveTheSameIncidentAsInOrder() {
        OutageEventBuilder outage = outage("OUT-1");
        var detected = outage.event(OutageStatus.DETECTED, 1, T0);
        var resolved = outage.event(OutageStatus.RESOLVED, 2, T0.plusSeconds(3600));
        board.record(resolved, T0);
        board.record(detected, T0);
        board.record(resolved, T0);
        StatusView before = board.view(T0.plusSeconds(7200), null, null);
        board.record(detected, T0);

        StatusView view = board.view(T0.plusSeconds(7200), null, null);

        assertThat(view).as("a known version changes nothing").isEqualTo(before);
        assertThat(view.current()).isEmpty();
        assertThat(view.recent()).singleElement().satisfies(incident -> {
            assertThat(incident.stage()).isEqualTo(OutageStatus.RESOLVED);
            assertThat(incident.endedAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(incident.eta()).isNull();
            assertThat(incident.timeline()).extracting(TimelineEntry::version).containsExactly(1L, 2L);
        });
        assertThat(view.byRegion()).containsEntry("north-west", Set.of());
    }

    @Test
    void aResolvedIncidentLeavesThePageAfterTheRecentWindowAndAnOpenOneNever() {
        board.record(outage("OUT-OLD").event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(outage("OUT-OLD").event(OutageStatus.RESOLVED, 2, T0.plusSeconds(3600)), T0);
        board.record(outage("OUT-LONG").event(OutageStatus.DETECTED, 1, T0), T0);

        Instant justInside = T0.plusSeconds(3600).plus(Duration.ofDays(7));
        assertThat(board.view(justInside, null, null).recent()).extracting(Incident::reference)
                .containsExactly("OUT-OLD");
        StatusView later = board.view(justInside.plusSeconds(1), null, null);
        assertThat(later.recent()).isEmpty();
        assertThat(later.current()).extracting(Incident::reference).containsExactly("OUT-LONG");
        assertThat(board.view(T0.plusSeconds(3600), null, null).recent()).as("forgotten for good").isEmpty();
    }

    @Test
    void aReopenedIncidentIsCurrentAgain() {
        OutageEventBuilder outage = outage("OUT-1");
        board.record(outage.event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(outage.event(OutageStatus.RESOLVED, 2, T0.plusSeconds(600)), T0);
        board.record(outage.event(OutageStatus.REOPENED, 3, T0.plusSeconds(900)), T0);

        StatusView view = board.view(T0.plusSeconds(1000), null, null);

        assertThat(view.recent()).isEmpty();
        assertThat(view.current()).singleElement().satisfies(incident -> {
            assertThat(incident.stage()).isEqualTo(OutageStatus.REOPENED);
            assertThat(incident.endedAt()).isNull();
        });
    }

    @Test
    void filtersKeepOnlyIncidentsOfTheRegionAndService() {
        board.record(outage("OUT-DATA").services(Service.DATA).regions("north-west")
                .event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(outage("OUT-MAIL").services(Service.VOICEMAIL).regions("london", "north-west")
                .event(OutageStatus.DETECTED, 1, T0.plusSeconds(60)), T0);

        assertThat(board.view(T0.plusSeconds(120), "north-west", null).current()).extracting(Incident::reference)
                .containsExactly("OUT-MAIL", "OUT-DATA");
        assertThat(board.view(T0.plusSeconds(120), "london", null).current()).extracting(Incident::reference)
                .containsExactly("OUT-MAIL");
        StatusView data = board.view(T0.plusSeconds(120), "north-west", Service.DATA);
        assertThat(data.current()).extracting(Incident::reference).containsExactly("OUT-DATA");
        assertThat(data.byRegion()).containsOnlyKeys("north-west");
        assertThat(board.view(T0.plusSeconds(120), "scotland", null).allOperational()).isTrue();
    }

    @Test
    void recordingForgetsIncidentsResolvedBeforeTheWindowEvenIfNobodyLooks() {
        board.record(outage("OUT-OLD").event(OutageStatus.DETECTED, 1, T0), T0);
        board.record(outage("OUT-OLD").event(OutageStatus.RESOLVED, 2, T0.plusSeconds(60)), T0.plusSeconds(60));
        Instant muchLater = T0.plus(Duration.ofDays(30));
        board.record(outage("OUT-NEW").event(OutageStatus.DETECTED, 1, muchLater), muchLater);

        assertThat(board.view(T0.plusSeconds(120), null, null).recent()).as("gone, not only hidden").isEmpty();
    }

    @Test
    void aWindowMustBePositive() {
        assertThatThrownBy(() -> new StatusBoard(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recent window");
    }
}
