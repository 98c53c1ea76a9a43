package io.faultline.testsupport.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IncidentVerdictTest {

    private final Incident o2 = Incidents.named("o2-2018-data");
    private final ExpectedOutage data = o2.expected().get(0);

    @Test
    void anOutageDetectedInTimeAndResolvedAfterTheComplaintsPasses() {
        List<OutageEvent> events = lifecycle("OUT-1", data.onset().plusSeconds(5), data.resolvedBy().minusSeconds(60));

        IncidentVerdict verdict = IncidentVerdict.judge(o2, events);

        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.detectionDelays()).containsExactly(java.util.Optional.of(Duration.ofSeconds(5)));
    }

    @Test
    void resolvingWhenTheAlarmClearsWhileCustomersStillComplainFails() {
        List<OutageEvent> events = lifecycle("OUT-1", data.onset().plusSeconds(5),
                data.notResolvedBefore().minus(Duration.ofHours(1)));

        assertThat(IncidentVerdict.judge(o2, events).failures())
                .anyMatch(failure -> failure.contains("while the failure lasts"));
    }

    @Test
    void lateDetectionNeverResolvedAndFalseOutagesFail() {
        List<OutageEvent> events = new ArrayList<>();
        events.add(event(OutageStatus.DETECTED, "OUT-1", 1, data.onset().plusSeconds(600), null, null,
                Set.of(Service.DATA), data.regions()));
        events.add(event(OutageStatus.DETECTED, "OUT-2", 1, data.onset(), null, null, Set.of(Service.MAIL),
                Set.of("london")));

        List<String> failures = IncidentVerdict.judge(o2, events).failures();

        assertThat(failures).anyMatch(failure -> failure.contains("600 s after onset"))
                .anyMatch(failure -> failure.contains("never resolved"))
                .anyMatch(failure -> failure.contains("false outage OUT-2"));
    }

    @Test
    void aQuietDayWithOneOutageFailsAndReopeningFails() {
        Incident quiet = Incidents.named("ordinary-day");
        Instant at = quiet.start().plusSeconds(3600);
        List<OutageEvent> events = new ArrayList<>();
        events.add(event(OutageStatus.DETECTED, "OUT-9", 1, at, null, null, Set.of(Service.VOICE), Set.of("wales")));
        assertThat(IncidentVerdict.judge(quiet, events).passed()).isFalse();

        List<OutageEvent> flapping = new ArrayList<>(lifecycle("OUT-1", data.onset().plusSeconds(5),
                data.resolvedBy().minusSeconds(60)));
        flapping.add(event(OutageStatus.REOPENED, "OUT-1", 3, data.resolvedBy(), null, null, Set.of(Service.DATA),
                data.regions()));
        assertThat(IncidentVerdict.judge(o2, flapping).failures()).anyMatch(f -> f.contains("reopened"));
    }

    @Test
    void anOutageMergedIntoAMatchingOneIsNotAFalseOutage() {
        List<OutageEvent> events = new ArrayList<>();
        events.add(event(OutageStatus.DETECTED, "OUT-CHILD", 1, data.onset().plusSeconds(2), null, null,
                Set.of(Service.DATA), Set.of("london")));
        events.addAll(lifecycle("OUT-1", data.onset().plusSeconds(5), data.resolvedBy().minusSeconds(60)));
        events.add(event(OutageStatus.RESOLVED, "OUT-CHILD", 2, data.onset().plusSeconds(5),
                data.onset().plusSeconds(5), "OUT-1", Set.of(Service.DATA), Set.of("london")));

        IncidentVerdict verdict = IncidentVerdict.judge(o2, events);

        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.detectionDelays()).containsExactly(java.util.Optional.of(Duration.ofSeconds(5)));
    }

    @Test
    void aRegionAddedByALaterUpdateIsCoveredOnlyFromThatUpdate() {
        Set<String> allButOne = new java.util.TreeSet<>(data.regions());
        allButOne.remove(allButOne.iterator().next());
        List<OutageEvent> events = new ArrayList<>();
        events.add(event(OutageStatus.DETECTED, "OUT-1", 1, data.onset().plusSeconds(5), null, null,
                Set.of(Service.DATA), allButOne));
        events.add(event(OutageStatus.UPDATED, "OUT-1", 2, data.onset().plusSeconds(900), null, null,
                Set.of(Service.DATA), data.regions()));
        events.add(event(OutageStatus.RESOLVED, "OUT-1", 3, data.resolvedBy().minusSeconds(60),
                data.resolvedBy().minusSeconds(60), null, Set.of(Service.DATA), data.regions()));

        IncidentVerdict verdict = IncidentVerdict.judge(o2, events);

        assertThat(verdict.detectionDelays()).containsExactly(java.util.Optional.of(Duration.ofSeconds(900)));
        assertThat(verdict.failures()).anyMatch(failure -> failure.contains("900 s after onset"));
    }

    private List<OutageEvent> lifecycle(String id, Instant detectedAt, Instant endedAt) {
        return List.of(
                event(OutageStatus.DETECTED, id, 1, detectedAt, null, null, Set.of(Service.DATA), data.regions()),
                event(OutageStatus.RESOLVED, id, 2, endedAt, endedAt, null, Set.of(Service.DATA), data.regions()));
    }

    private OutageEvent event(OutageStatus status, String id, long version, Instant at, Instant endedAt,
                              String mergedInto, Set<Service> services, Set<String> regions) {
        Set<String> elements = status == OutageStatus.DETECTED || mergedInto == null ? data.elements() : Set.of();
        OutageSnapshot snapshot = new OutageSnapshot(id, version, "Mobile data unavailable", OutageSeverity.CRITICAL,
                new OutageScope(services, regions, elements), at, at, endedAt,
                new Evidence(List.of("ALM-1"), 0, 0, 0.9), 1000, null, null, mergedInto);
        return OutageEvent.of(status, at, snapshot);
    }
}
