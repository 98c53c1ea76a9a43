package io.faultline.detector.detection;

import static io.faultline.detector.detection.Signals.ACTOR;
import static io.faultline.detector.detection.Signals.failed;
import static io.faultline.detector.detection.Signals.noc;
import static io.faultline.detector.detection.Signals.restored;
import static io.faultline.detector.detection.Signals.surge;
import static io.faultline.detector.detection.TestNetwork.CELL_N1_A;
import static io.faultline.detector.detection.TestNetwork.CELL_N1_B;
import static io.faultline.detector.detection.TestNetwork.CORE;
import static io.faultline.detector.detection.TestNetwork.RNC_NORTH;
import static io.faultline.detector.detection.TestNetwork.SITE_N1;
import static io.faultline.detector.detection.TestNetwork.VOICEMAIL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageChange;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.detector.detection.NocCommand.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every rule of {@link OutageManager}, one signal at a time. Each published event is checked on the way out:
 * its version is the outage's previous version + 1 (1 for DETECTED), the book keeps it as the outage's last
 * snapshot, and the timeline records it with its version and actor.
 */
class OutageManagerTest {

    private static final Instant T0 = Instant.parse("2018-12-06T05:30:00Z");
    private static final Instant P0 = Instant.parse("2018-12-06T06:00:00Z");
    private static final ManagerSettings SETTINGS = ManagerSettings.defaults();
    private static final Duration WINDOW = SETTINGS.correlationWindow();
    private static final Duration REOPEN = SETTINGS.reopenWindow();
    private static final Set<Service> RADIO = Set.of(Service.VOICE, Service.SMS, Service.DATA);
    private static final Set<String> SITE_N1_ELEMENTS = Set.of(SITE_N1, CELL_N1_A, CELL_N1_B);
    private static final String RADIO_NORTH_TITLE = "Calls, SMS, mobile data unavailable in north";

    private final TestNetwork network = TestNetwork.standard();
    private final InMemoryOutageBook book = new InMemoryOutageBook();
    private final OutageManager manager = new OutageManager(SETTINGS, network);
    private final Map<String, Long> publishedVersions = new HashMap<>();

    @Nested
    class TopologyCorrelation {

        @Test
        void aFailedTopLevelElementOpensAnOutageAtOnce() {
            List<OutageEvent> events = on(failed(CORE, OutageSeverity.CRITICAL, T0, "CORE/sigtran"));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.occurredAt()).isEqualTo(T0);
                assertThat(event.change()).isNull();
                assertThat(event.outage()).isEqualTo(new OutageSnapshot("OUT-20181206T053000-CORE-NAT", 1,
                        "Calls, SMS, mobile data unavailable in north, south", OutageSeverity.CRITICAL,
                        new OutageScope(RADIO, Set.of("north", "south"), Set.of(CORE, RNC_NORTH, SITE_N1,
                                CELL_N1_A, CELL_N1_B, "SITE-N2", "CELL-N2-A", "RNC-S", "SITE-S1", "CELL-S1-A")),
                        T0, T0, null, new Evidence(List.of("CORE/sigtran"), 0, 0, 0.9), 2_000_000, null, null,
                        null));
            });
            ManagedOutage outage = only();
            assertThat(outage.status()).isEqualTo(OutageStatus.DETECTED);
            assertThat(outage.manual()).isFalse();
            assertThat(outage.rootElements()).containsExactly(CORE);
            assertThat(outage.activeElements()).containsExactly(CORE);
            assertThat(book.pending()).isEmpty();
        }

        @Test
        void aFailedCellIsHeldForTheWindowThenOpensWhenStreamTimePassesIt() {
            assertThat(on(failed(CELL_N1_A, T0, "A/down"), P0)).isEmpty();
            assertThat(book.pending()).singleElement()
                    .satisfies(pending -> assertThat(pending.root().elementId()).isEqualTo(CELL_N1_A));
            assertThat(book.outages()).isEmpty();

            assertThat(tick(T0.plus(WINDOW).minusMillis(1), P0)).isEmpty();
            List<OutageEvent> events = tick(T0.plus(WINDOW), P0);

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.occurredAt()).isEqualTo(T0.plus(WINDOW));
                assertThat(event.outage()).isEqualTo(new OutageSnapshot("OUT-20181206T053000-CELL-N1-A", 1,
                        RADIO_NORTH_TITLE, OutageSeverity.MAJOR,
                        new OutageScope(RADIO, Set.of("north"), Set.of(CELL_N1_A)), T0, T0.plus(WINDOW), null,
                        new Evidence(List.of("A/down"), 0, 0, 0.9), 400, null, null, null));
            });
            assertThat(book.pending()).isEmpty();
        }

        @Test
        void aHeldCellOpensInProcessingTimeWhenNoOtherSignalMovesStreamTime() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);

            assertThat(tick(T0, P0.plus(WINDOW).minusMillis(1))).isEmpty();
            List<OutageEvent> events = tick(T0, P0.plus(WINDOW));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage().scope().elements()).containsExactly(CELL_N1_A);
                assertThat(event.outage().detectedAt()).isEqualTo(T0.plus(WINDOW));
            });
        }

        @Test
        void aParentFailingWithinTheWindowAfterItsChildrenMakesOneOutageOfTheParent() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            on(failed(CELL_N1_B, T0.plusSeconds(2), "B/down"), P0.plusSeconds(2));
            assertThat(on(failed(SITE_N1, T0.plusSeconds(5), "S/power"), P0.plusSeconds(5))).isEmpty();

            assertThat(book.pending()).singleElement().satisfies(pending -> {
                assertThat(pending.root().elementId()).isEqualTo(SITE_N1);
                assertThat(pending.members()).extracting(ElementSignal::elementId)
                        .containsExactly(CELL_N1_A, CELL_N1_B);
            });
            assertThat(tick(T0.plusSeconds(24), P0.plusSeconds(24))).as("the site is held for its own window")
                    .isEmpty();
            List<OutageEvent> events = tick(T0.plusSeconds(25), P0.plusSeconds(25));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage()).isEqualTo(new OutageSnapshot("OUT-20181206T053000-SITE-N1", 1,
                        RADIO_NORTH_TITLE, OutageSeverity.MAJOR,
                        new OutageScope(RADIO, Set.of("north"), SITE_N1_ELEMENTS), T0, T0.plusSeconds(25), null,
                        new Evidence(List.of("S/power", "A/down", "B/down"), 0, 0, 0.9), 1_200, null, null,
                        null));
            });
            ManagedOutage outage = only();
            assertThat(outage.rootElements()).containsExactly(SITE_N1);
            assertThat(outage.activeElements()).containsExactlyInAnyOrder(SITE_N1, CELL_N1_A, CELL_N1_B);
            assertThat(book.pending()).isEmpty();
        }

        @Test
        void aFailureAboveAHeldParentWithinTheParentsWindowStillMakesOneOutageInProcessingTime() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            on(failed(SITE_N1, T0.plusSeconds(15), "S/power"), P0.plusSeconds(15));
            assertThat(tick(T0.plusSeconds(15), P0.plusSeconds(21))).isEmpty();

            on(failed(RNC_NORTH, T0.plusSeconds(25), "RNC/link"), P0.plusSeconds(25));
            assertThat(tick(T0.plusSeconds(25), P0.plusSeconds(44))).isEmpty();
            List<OutageEvent> events = tick(T0.plusSeconds(25), P0.plusSeconds(45));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage().outageId()).isEqualTo("OUT-20181206T053000-RNC-N");
                assertThat(event.outage().scope().elements()).contains(RNC_NORTH, SITE_N1, CELL_N1_A);
                assertThat(event.outage().evidence().alarmIds()).containsExactly("RNC/link", "S/power", "A/down");
            });
            assertThat(only().activeElements()).containsExactlyInAnyOrder(RNC_NORTH, SITE_N1, CELL_N1_A);
        }

        @Test
        void childrenFailingWhileTheParentsOutageIsOpenJoinItsEvidenceWithoutANewOutage() {
            on(failed(CORE, T0, "CORE/sigtran"));

            assertThat(on(failed(CELL_N1_A, T0.plusSeconds(60), "A/down"))).isEmpty();
            assertThat(on(failed(SITE_N1, T0.plusSeconds(70), "S/power"))).isEmpty();

            assertThat(book.pending()).isEmpty();
            ManagedOutage outage = only();
            assertThat(outage.snapshot().version()).isEqualTo(1);
            assertThat(outage.snapshot().evidence().alarmIds()).containsExactly("CORE/sigtran", "A/down", "S/power");
            assertThat(outage.rootElements()).containsExactly(CORE);
            assertThat(outage.activeElements()).containsExactlyInAnyOrder(CORE, CELL_N1_A, SITE_N1);
            assertThat(outage.timeline()).filteredOn(entry -> entry.kind().equals("ALARM"))
                    .extracting(TimelineEntry::version).containsExactly(0L, 0L);
        }

        @Test
        void aRestoredChildLeavesTheOutageOpen() {
            String id = siteOutageWithBothCellsFailed();

            assertThat(on(restored(CELL_N1_A, T0.plusSeconds(60)))).isEmpty();

            ManagedOutage outage = book.outage(id).orElseThrow();
            assertThat(outage.open()).isTrue();
            assertThat(outage.snapshot().version()).isEqualTo(1);
            assertThat(outage.activeElements()).containsExactlyInAnyOrder(SITE_N1, CELL_N1_B);
            assertThat(outage.timeline()).last().extracting(TimelineEntry::kind).isEqualTo("ALARM_CLEARED");
        }

        @Test
        void theParentRestoredWhileAChildIsStillFailedNarrowsTheOutageToTheChildInsteadOfResolvingIt() {
            String id = siteOutageWithBothCellsFailed();
            on(restored(CELL_N1_A, T0.plusSeconds(60)));

            List<OutageEvent> narrowed = on(restored(SITE_N1, T0.plusSeconds(90)));

            assertThat(narrowed).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.occurredAt()).isEqualTo(T0.plusSeconds(90));
                assertThat(event.outage()).isEqualTo(new OutageSnapshot(id, 2, RADIO_NORTH_TITLE,
                        OutageSeverity.MAJOR, new OutageScope(RADIO, Set.of("north"), Set.of(CELL_N1_B)), T0,
                        T0.plusSeconds(25), null, new Evidence(List.of("S/power", "A/down", "B/down"), 0, 0, 0.9),
                        500, null, null, null));
            });
            assertThat(book.outage(id).orElseThrow().rootElements()).containsExactly(CELL_N1_B);

            List<OutageEvent> resolved = on(restored(CELL_N1_B, T0.plusSeconds(120)));

            assertThat(resolved).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().endedAt()).isEqualTo(T0.plusSeconds(120));
                assertThat(event.outage().scope().elements()).containsExactly(CELL_N1_B);
            });
            assertThat(book.outage(id).orElseThrow().open()).isFalse();
        }

        @Test
        void restoringOneOfSeveralRemainingRootsNarrowsTheOutageAgain() {
            String id = siteOutageWithBothCellsFailed();

            assertThat(on(restored(SITE_N1, T0.plusSeconds(60)))).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.outage().scope().elements()).containsExactlyInAnyOrder(CELL_N1_A, CELL_N1_B);
                assertThat(event.outage().estimatedAffected()).isEqualTo(900);
            });
            assertThat(book.outage(id).orElseThrow().rootElements()).containsExactlyInAnyOrder(CELL_N1_A, CELL_N1_B);

            assertThat(on(restored(CELL_N1_A, T0.plusSeconds(90)))).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().scope().elements()).containsExactly(CELL_N1_B);
                assertThat(event.outage().estimatedAffected()).isEqualTo(500);
            });
            assertThat(on(restored(CELL_N1_B, T0.plusSeconds(120)))).singleElement()
                    .satisfies(event -> assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED));
        }

        @Test
        void everythingRestoredResolvesTheOutage() {
            on(failed(CORE, T0, "CORE/sigtran"));

            List<OutageEvent> events = on(restored(CORE, T0.plus(Duration.ofMinutes(10))));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.occurredAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
                assertThat(event.outage().version()).isEqualTo(2);
                assertThat(event.outage().endedAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
                assertThat(event.outage().mergedInto()).isNull();
                assertThat(event.change()).isNull();
            });
            ManagedOutage outage = only();
            assertThat(outage.open()).isFalse();
            assertThat(outage.activeElements()).isEmpty();
        }

        @Test
        void aParentFailingAfterAChildsOutageWasPublishedAbsorbsIt() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            String cellId = tick(T0.plus(WINDOW), P0.plus(WINDOW)).getFirst().outage().outageId();
            assertThat(on(failed(SITE_N1, T0.plusSeconds(60), "S/power"), P0.plusSeconds(60))).isEmpty();

            List<OutageEvent> events = tick(T0.plusSeconds(80), P0.plusSeconds(80));

            assertThat(events).hasSize(2);
            OutageEvent site = events.get(0);
            assertThat(site.status()).isEqualTo(OutageStatus.DETECTED);
            assertThat(site.outage()).isEqualTo(new OutageSnapshot("OUT-20181206T053100-SITE-N1", 1,
                    RADIO_NORTH_TITLE, OutageSeverity.MAJOR,
                    new OutageScope(RADIO, Set.of("north"), SITE_N1_ELEMENTS), T0, T0.plusSeconds(80), null,
                    new Evidence(List.of("S/power", "A/down"), 0, 0, 0.9), 1_200, null, null, null));
            OutageEvent cell = events.get(1);
            assertThat(cell.status()).isEqualTo(OutageStatus.RESOLVED);
            assertThat(cell.outage().outageId()).isEqualTo(cellId);
            assertThat(cell.outage().version()).isEqualTo(2);
            assertThat(cell.outage().mergedInto()).isEqualTo(site.outage().outageId());
            assertThat(cell.outage().endedAt()).isEqualTo(T0.plusSeconds(80));
            assertThat(book.outage(cellId).orElseThrow().activeElements()).isEmpty();
            assertThat(book.outage(site.outage().outageId()).orElseThrow().activeElements())
                    .containsExactlyInAnyOrder(SITE_N1, CELL_N1_A);

            assertThat(on(restored(CELL_N1_A, T0.plusSeconds(100)))).isEmpty();
            assertThat(on(restored(SITE_N1, T0.plusSeconds(110)))).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.outage().outageId()).isEqualTo(site.outage().outageId());
            });
        }

        @Test
        void aTransientCellFailureRestoredInsideTheWindowPublishesNothing() {
            assertThat(on(failed(CELL_N1_A, T0, "A/down"), P0)).isEmpty();
            assertThat(on(restored(CELL_N1_A, T0.plusSeconds(5)), P0.plusSeconds(5))).isEmpty();

            assertThat(tick(T0.plusSeconds(60), P0.plusSeconds(60))).isEmpty();
            assertThat(book.pending()).isEmpty();
            assertThat(book.outages()).isEmpty();
            assertThat(book.failedElements()).isEmpty();
        }

        @Test
        void aParentRestoredInsideTheWindowLeavesItsFailedChildrenHeldAsOneGroup() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            on(failed(SITE_N1, T0.plusSeconds(2), "S/power"), P0.plusSeconds(2));
            on(failed(RNC_NORTH, T0.plusSeconds(4), "RNC/link"), P0.plusSeconds(4));

            assertThat(on(restored(RNC_NORTH, T0.plusSeconds(6)), P0.plusSeconds(6))).isEmpty();

            assertThat(book.pending()).singleElement().satisfies(pending -> {
                assertThat(pending.root().elementId()).isEqualTo(SITE_N1);
                assertThat(pending.members()).extracting(ElementSignal::elementId).containsExactly(CELL_N1_A);
            });
            assertThat(tick(T0.plusSeconds(30), P0.plusSeconds(30))).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage().scope().elements()).isEqualTo(SITE_N1_ELEMENTS);
                assertThat(event.outage().evidence().alarmIds()).containsExactly("S/power", "A/down");
            });
        }

        @Test
        void aHeldFailureReleasedInsideAnOutageDeclaredMeanwhileJoinsIt() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            String id = on(noc("cmd-1", Action.DECLARE, T0.plusSeconds(5)).services(Service.DATA).elements(SITE_N1)
                    .build(), P0.plusSeconds(5)).getFirst().outage().outageId();

            assertThat(tick(T0.plus(WINDOW), P0.plus(WINDOW))).isEmpty();

            ManagedOutage declared = only();
            assertThat(declared.id()).isEqualTo(id);
            assertThat(declared.activeElements()).containsExactly(CELL_N1_A);
            assertThat(declared.snapshot().evidence().alarmIds()).containsExactly("A/down");
            assertThat(book.pending()).isEmpty();
        }

        @Test
        void aHeldFailureReleasedWhileAComplaintOnlyOutageItExplainsIsOpenFusesIntoIt() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            String id = on(surge("north", Service.DATA, SurgeState.STARTED, T0.plusSeconds(10)), P0.plusSeconds(10))
                    .getFirst().outage().outageId();

            List<OutageEvent> events = tick(T0.plus(WINDOW), P0.plus(WINDOW));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.occurredAt()).isEqualTo(T0.plus(WINDOW));
                assertThat(event.outage().outageId()).isEqualTo(id);
                assertThat(event.outage().scope().elements()).containsExactly(CELL_N1_A);
                assertThat(event.outage().evidence().confidence()).isEqualTo(0.99);
                assertThat(event.outage().startedAt()).isEqualTo(T0.plusSeconds(10).minus(Signals.SURGE_ONSET_LEAD));
            });
            assertThat(only().activeElements()).containsExactly(CELL_N1_A);
        }

        @Test
        void aHeldChildOfAFailureThatFusedIntoAComplaintOnlyOutageJoinsThatOutage() {
            on(failed(CELL_N1_A, T0, "A/down"), P0);
            on(surge("north", Service.DATA, SurgeState.STARTED, T0.plusSeconds(5)), P0.plusSeconds(5));
            assertThat(on(failed(SITE_N1, T0.plusSeconds(8), "S/power"), P0.plusSeconds(8))).singleElement()
                    .satisfies(event -> assertThat(event.status()).isEqualTo(OutageStatus.UPDATED));

            assertThat(tick(T0.plus(WINDOW), P0.plus(WINDOW))).isEmpty();

            ManagedOutage outage = only();
            assertThat(outage.activeElements()).containsExactlyInAnyOrder(SITE_N1, CELL_N1_A);
            assertThat(outage.snapshot().evidence().alarmIds()).containsExactly("S/power", "A/down");
        }
    }

    @Nested
    class Fusion {

        @Test
        void aComplaintSurgeWithNoAlarmOpensAComplaintOnlyOutage() {
            List<OutageEvent> events = on(surge("north", Service.DATA, SurgeState.STARTED, T0));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.occurredAt()).isEqualTo(T0);
                assertThat(event.outage()).isEqualTo(new OutageSnapshot("OUT-20181206T051500-north-DATA", 1,
                        "Mobile data problems reported in north", OutageSeverity.MAJOR,
                        new OutageScope(Set.of(Service.DATA), Set.of("north"), Set.of()),
                        T0.minus(Signals.SURGE_ONSET_LEAD), T0, null, new Evidence(List.of(), 120, 6.0, 0.8),
                        600_000, null, null, null));
            });
            ManagedOutage outage = only();
            assertThat(outage.rootElements()).isEmpty();
            assertThat(outage.activeElements()).isEmpty();
            assertThat(outage.activeSurges()).containsExactly("north|DATA");
        }

        @Test
        void aSecondRegionSurgingOnTheSameServiceWidensTheComplaintOnlyOutage() {
            String id = on(surge("north", Service.DATA, SurgeState.STARTED, T0)).getFirst().outage().outageId();

            List<OutageEvent> events = on(surge("south", Service.DATA, SurgeState.STARTED, T0.plusSeconds(300),
                    T0.minusSeconds(300), 80));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.outage()).isEqualTo(new OutageSnapshot(id, 2,
                        "Mobile data problems reported in north, south", OutageSeverity.MAJOR,
                        new OutageScope(Set.of(Service.DATA), Set.of("north", "south"), Set.of()),
                        T0.minus(Signals.SURGE_ONSET_LEAD), T0, null, new Evidence(List.of(), 200, 12.0, 0.8),
                        1_050_000, null, null, null));
            });
            assertThat(only().activeSurges()).containsExactlyInAnyOrder("north|DATA", "south|DATA");
        }

        @Test
        void anOutageWhoseFailedSiteIsRestoredWhileCustomersStillComplainDoesNotSpreadToAnotherRegion() {
            on(failed(SITE_N1, T0, "N1/down"), P0);
            String site = tick(T0.plus(WINDOW), P0).getFirst().outage().outageId();
            on(surge("north", Service.DATA, SurgeState.STARTED, T0.plusSeconds(120)));
            assertThat(on(restored(SITE_N1, T0.plusSeconds(600)))).singleElement()
                    .satisfies(event -> assertThat(event.outage().publicMessage())
                            .isEqualTo(OutageManager.RESTORED_BUT_COMPLAINTS));

            List<OutageEvent> events = on(surge("south", Service.DATA, SurgeState.STARTED, T0.plusSeconds(900)));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage().outageId()).isNotEqualTo(site);
                assertThat(event.outage().scope().regions()).containsExactly("south");
            });
            assertThat(book.outage(site).orElseThrow().snapshot().scope().regions()).containsExactly("north");
        }

        @Test
        void anAlarmInTheScopeOfAComplaintOnlyOutageJoinsItRaisingConfidenceAndWideningTheScope() {
            String id = on(surge("north", Service.DATA, SurgeState.STARTED, T0)).getFirst().outage().outageId();

            List<OutageEvent> events = on(failed(SITE_N1, T0.plusSeconds(600), "S/power"));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.occurredAt()).isEqualTo(T0.plusSeconds(600));
                assertThat(event.outage()).isEqualTo(new OutageSnapshot(id, 2, RADIO_NORTH_TITLE,
                        OutageSeverity.MAJOR, new OutageScope(RADIO, Set.of("north"), SITE_N1_ELEMENTS),
                        T0.minus(Signals.SURGE_ONSET_LEAD), T0, null,
                        new Evidence(List.of("S/power"), 120, 6.0, 0.99), 600_000, null, null, null));
            });
            assertThat(book.pending()).isEmpty();
            ManagedOutage outage = only();
            assertThat(outage.rootElements()).containsExactly(SITE_N1);
            assertThat(outage.activeElements()).containsExactly(SITE_N1);
            assertThat(outage.activeSurges()).containsExactly("north|DATA");
        }

        @Test
        void theEndOfEverySurgeWithNoFailedElementResolvesAtTheEndedTime() {
            on(surge("north", Service.DATA, SurgeState.STARTED, T0));
            on(surge("south", Service.DATA, SurgeState.STARTED, T0.plusSeconds(300)));

            assertThat(on(surge("north", Service.DATA, SurgeState.ENDED, T0.plus(Duration.ofHours(1))))).isEmpty();
            assertThat(only().open()).isTrue();
            List<OutageEvent> events = on(surge("south", Service.DATA, SurgeState.ENDED, T0.plus(Duration.ofHours(2))));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.occurredAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().endedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
            });
            assertThat(only().activeSurges()).isEmpty();
            assertThat(book.surges()).isEmpty();
        }

        @Test
        void aSurgeEndReadAfterTheRestorationItPrecedesResolvesAtTheRestoration() {
            on(surge("north", Service.DATA, SurgeState.STARTED, T0));
            on(failed(SITE_N1, T0.plusSeconds(600), "S/power"));
            Instant restoredAt = T0.plus(Duration.ofMinutes(50));
            on(restored(SITE_N1, restoredAt));

            List<OutageEvent> events = on(surge("north", Service.DATA, SurgeState.ENDED,
                    restoredAt.minus(Duration.ofMinutes(3))));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.occurredAt()).isEqualTo(restoredAt);
                assertThat(event.outage().endedAt()).isEqualTo(restoredAt);
            });
        }

        @Test
        void aPlatformOutageIsMatchedByASurgeOfItsServiceFromAnyRegion() {
            List<OutageEvent> detected = on(failed(VOICEMAIL, T0, "VM/storage"));
            assertThat(detected).singleElement().satisfies(event -> {
                assertThat(event.outage().title()).isEqualTo("Voicemail unavailable for customers of VM-1");
                assertThat(event.outage().scope())
                        .isEqualTo(new OutageScope(Set.of(Service.VOICEMAIL), Set.of(), Set.of(VOICEMAIL)));
                assertThat(event.outage().estimatedAffected()).isEqualTo(800_000);
            });
            String id = detected.getFirst().outage().outageId();

            assertThat(on(surge("south", Service.VOICEMAIL, SurgeState.STARTED, T0.plusSeconds(600))))
                    .singleElement().satisfies(event -> {
                        assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                        assertThat(event.outage().outageId()).isEqualTo(id);
                        assertThat(event.outage().evidence()).isEqualTo(
                                new Evidence(List.of("VM/storage"), 120, 6.0, 0.99));
                    });
            assertThat(on(surge("north", Service.VOICEMAIL, SurgeState.STARTED, T0.plusSeconds(700)))).isEmpty();
            assertThat(book.outage(id).orElseThrow().activeSurges())
                    .containsExactlyInAnyOrder("south|VOICEMAIL", "north|VOICEMAIL");

            assertThat(on(surge("north", Service.DATA, SurgeState.STARTED, T0.plusSeconds(700)))).singleElement()
                    .satisfies(event -> {
                        assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                        assertThat(event.outage().outageId()).isNotEqualTo(id);
                    });
        }
    }

    @Nested
    class Lifecycle {

        @Test
        void o2PatternAlarmClearedWhileCustomersStillComplainIsAnnouncedOnceAndResolvesOnlyWhenComplaintsStop() {
            String id = on(failed(CORE, T0, "CORE/cert")).getFirst().outage().outageId();

            assertThat(on(surge("north", Service.DATA, SurgeState.STARTED, T0.plus(Duration.ofMinutes(20)))))
                    .singleElement().satisfies(event -> {
                        assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                        assertThat(event.outage().version()).isEqualTo(2);
                        assertThat(event.outage().evidence())
                                .isEqualTo(new Evidence(List.of("CORE/cert"), 120, 6.0, 0.99));
                    });
            assertThat(on(surge("south", Service.DATA, SurgeState.STARTED, T0.plus(Duration.ofMinutes(25)),
                    T0.plus(Duration.ofMinutes(10)), 300))).isEmpty();
            assertThat(on(surge("north", Service.DATA, SurgeState.CONTINUING, T0.plus(Duration.ofMinutes(30)),
                    T0.plus(Duration.ofMinutes(5)), 500))).isEmpty();
            assertThat(only().snapshot().evidence().complaintCount()).isEqualTo(800);

            List<OutageEvent> restored = on(restored(CORE, T0.plus(Duration.ofHours(3))));

            assertThat(restored).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().endedAt()).isNull();
                assertThat(event.outage().publicMessage()).isEqualTo(OutageManager.RESTORED_BUT_COMPLAINTS);
            });
            assertThat(on(failed(CORE, T0.plus(Duration.ofMinutes(190)), "CORE/cert-2"))).isEmpty();
            assertThat(on(restored(CORE, T0.plus(Duration.ofMinutes(200))))).as("announced once").isEmpty();
            assertThat(on(surge("north", Service.DATA, SurgeState.ENDED, T0.plus(Duration.ofHours(5))))).isEmpty();
            assertThat(only().open()).isTrue();

            List<OutageEvent> resolved = on(surge("south", Service.DATA, SurgeState.ENDED,
                    T0.plus(Duration.ofHours(6))));

            assertThat(resolved).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.outage().outageId()).isEqualTo(id);
                assertThat(event.outage().version()).isEqualTo(4);
                assertThat(event.outage().endedAt()).isEqualTo(T0.plus(Duration.ofHours(6)));
                assertThat(event.outage().publicMessage()).as("no longer 'stays open'").isNull();
                assertThat(event.outage().evidence().alarmIds()).containsExactly("CORE/cert", "CORE/cert-2");
            });
        }

        @Test
        void aFailureReturningWithinTheReopenWindowReopensTheSameOutage() {
            String id = on(failed(CORE, T0, "CORE/sigtran")).getFirst().outage().outageId();
            on(restored(CORE, T0.plus(Duration.ofMinutes(10))));

            List<OutageEvent> events = on(failed(CORE, T0.plus(Duration.ofMinutes(10)).plus(REOPEN), "CORE/sigtran-2"));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.REOPENED);
                assertThat(event.occurredAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)).plus(REOPEN));
                assertThat(event.outage().outageId()).isEqualTo(id);
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().endedAt()).isNull();
                assertThat(event.outage().startedAt()).isEqualTo(T0);
                assertThat(event.outage().evidence().alarmIds()).containsExactly("CORE/sigtran", "CORE/sigtran-2");
            });
            ManagedOutage outage = only();
            assertThat(outage.status()).isEqualTo(OutageStatus.REOPENED);
            assertThat(outage.activeElements()).containsExactly(CORE);
            assertThat(on(restored(CORE, T0.plus(Duration.ofHours(1))))).singleElement()
                    .satisfies(event -> assertThat(event.outage().version()).isEqualTo(4));
        }

        @Test
        void aFailureAfterTheReopenWindowOpensANewOutage() {
            String first = on(failed(CORE, T0, "CORE/sigtran")).getFirst().outage().outageId();
            on(restored(CORE, T0.plus(Duration.ofMinutes(10))));

            List<OutageEvent> events = on(failed(CORE, T0.plus(Duration.ofMinutes(10)).plus(REOPEN).plusSeconds(1),
                    "CORE/sigtran-2"));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage().outageId()).isEqualTo("OUT-20181206T061001-CORE-NAT").isNotEqualTo(first);
                assertThat(event.outage().evidence().alarmIds()).containsExactly("CORE/sigtran-2");
            });
            assertThat(book.outage(first).orElseThrow().snapshot().version()).isEqualTo(2);
        }

        @Test
        void aChildFailingAgainReopensItsParentsOutageScopedToTheChild() {
            String id = siteOutageWithBothCellsFailed();
            on(restored(CELL_N1_A, T0.plusSeconds(60)));
            on(restored(CELL_N1_B, T0.plusSeconds(60)));
            on(restored(SITE_N1, T0.plusSeconds(90)));

            on(failed(CELL_N1_A, T0.plusSeconds(600), "A/down-2"), P0.plusSeconds(600));
            List<OutageEvent> events = tick(T0.plusSeconds(620), P0.plusSeconds(620));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.REOPENED);
                assertThat(event.outage().outageId()).isEqualTo(id);
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().scope())
                        .isEqualTo(new OutageScope(RADIO, Set.of("north"), Set.of(CELL_N1_A)));
                assertThat(event.outage().estimatedAffected()).isEqualTo(400);
                assertThat(event.outage().evidence().alarmIds()).endsWith("A/down-2");
            });
            assertThat(book.outage(id).orElseThrow().activeElements()).containsExactly(CELL_N1_A);
        }

        @Test
        void aSurgeReturningWithinTheReopenWindowReopensTheOutageAndOneAfterItOpensANewOne() {
            String id = on(surge("north", Service.DATA, SurgeState.STARTED, T0)).getFirst().outage().outageId();
            on(surge("north", Service.DATA, SurgeState.ENDED, T0.plus(Duration.ofHours(1))));

            List<OutageEvent> reopened = on(surge("north", Service.DATA, SurgeState.STARTED,
                    T0.plus(Duration.ofMinutes(80)), T0.plus(Duration.ofMinutes(65)), 90));

            assertThat(reopened).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.REOPENED);
                assertThat(event.outage().outageId()).isEqualTo(id);
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().endedAt()).isNull();
                assertThat(event.outage().evidence()).isEqualTo(new Evidence(List.of(), 90, 6.0, 0.8));
            });

            on(surge("north", Service.DATA, SurgeState.ENDED, T0.plus(Duration.ofHours(2))));
            List<OutageEvent> later = on(surge("north", Service.DATA, SurgeState.STARTED,
                    T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(2)).plus(REOPEN).plusSeconds(1), 90));

            assertThat(later).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.outage().outageId()).isNotEqualTo(id);
            });
        }
    }

    @Nested
    class NocControl {

        @Test
        void aDeclaredOutageResolvesOnlyByHandEvenWhenItsSurgesEnd() {
            List<OutageEvent> declared = on(noc("cmd-1", Action.DECLARE, T0).title("Texts failing in the north")
                    .severity(OutageSeverity.CRITICAL).services(Service.SMS).regions("north")
                    .message("Some customers cannot send texts.").eta(T0.plus(Duration.ofHours(2)))
                    .note("seen on social media").build());

            String id = OutageManager.declaredOutageId("cmd-1", T0);
            assertThat(declared).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.DETECTED);
                assertThat(event.change()).isEqualTo(new OutageChange(ACTOR, "DECLARE", "seen on social media"));
                assertThat(event.outage()).isEqualTo(new OutageSnapshot(id, 1, "Texts failing in the north",
                        OutageSeverity.CRITICAL, new OutageScope(Set.of(Service.SMS), Set.of("north"), Set.of()), T0,
                        T0, null, new Evidence(List.of(), 0, 0, 1.0), 600_000, "Some customers cannot send texts.",
                        T0.plus(Duration.ofHours(2)), null));
            });
            assertThat(only().manual()).isTrue();

            assertThat(on(surge("north", Service.SMS, SurgeState.STARTED, T0.plusSeconds(600)))).singleElement()
                    .satisfies(event -> {
                        assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                        assertThat(event.change()).isNull();
                        assertThat(event.outage().evidence()).isEqualTo(new Evidence(List.of(), 120, 6.0, 1.0));
                    });
            assertThat(on(surge("north", Service.SMS, SurgeState.ENDED, T0.plus(Duration.ofHours(1))))).isEmpty();
            assertThat(only().open()).isTrue();

            List<OutageEvent> resolved = on(noc("cmd-2", Action.RESOLVE, T0.plus(Duration.ofHours(2))).outage(id)
                    .note("vendor patch").build());

            assertThat(resolved).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.change()).isEqualTo(new OutageChange(ACTOR, "RESOLVE", "vendor patch"));
                assertThat(event.outage().version()).isEqualTo(3);
                assertThat(event.outage().endedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
            });
        }

        @Test
        void anOutageDeclaredOnElementsCoversTheirRegionsOrForAPlatformTheLinesHomedOnIt() {
            List<OutageEvent> site = on(noc("cmd-1", Action.DECLARE, T0).services(Service.DATA).elements(SITE_N1)
                    .build());
            List<OutageEvent> platform = on(noc("cmd-2", Action.DECLARE, T0).services(Service.VOICEMAIL)
                    .elements(VOICEMAIL).build());

            assertThat(site.getFirst().outage().scope())
                    .isEqualTo(new OutageScope(Set.of(Service.DATA), Set.of("north"), SITE_N1_ELEMENTS));
            assertThat(site.getFirst().outage().estimatedAffected()).isEqualTo(1_200);
            assertThat(platform.getFirst().outage().scope())
                    .isEqualTo(new OutageScope(Set.of(Service.VOICEMAIL), Set.of(), Set.of(VOICEMAIL)));
            assertThat(on(surge("south", Service.DATA, SurgeState.STARTED, T0.plusSeconds(600)))).singleElement()
                    .satisfies(event -> assertThat(event.status()).isEqualTo(OutageStatus.DETECTED));
            assertThat(on(surge("south", Service.VOICEMAIL, SurgeState.STARTED, T0.plusSeconds(600))))
                    .singleElement().satisfies(event -> {
                        assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                        assertThat(event.outage().outageId())
                                .isEqualTo(platform.getFirst().outage().outageId());
                    });
        }

        @Test
        void aFailureJoiningADeclaredOutageKeepsTheNocsTitleAndItStillResolvesOnlyByHand() {
            String id = on(noc("cmd-1", Action.DECLARE, T0).title("Data outage in the north").services(Service.DATA)
                    .regions("north").build()).getFirst().outage().outageId();

            List<OutageEvent> events = on(failed(SITE_N1, T0.plusSeconds(300), "S/power"));

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.outage().outageId()).isEqualTo(id);
                assertThat(event.outage().title()).isEqualTo("Data outage in the north");
                assertThat(event.outage().scope().elements()).isEqualTo(SITE_N1_ELEMENTS);
                assertThat(event.outage().evidence().confidence()).isEqualTo(1.0);
            });
            assertThat(on(restored(SITE_N1, T0.plusSeconds(900)))).isEmpty();
            assertThat(only().open()).isTrue();
        }

        @Test
        void annotateSetsThePublicMessageAndEta() {
            String id = on(failed(CORE, T0, "CORE/sigtran")).getFirst().outage().outageId();

            List<OutageEvent> events = on(noc("cmd-1", Action.ANNOTATE, T0.plusSeconds(900)).outage(id)
                    .message("Engineers are on site.").eta(T0.plus(Duration.ofHours(3))).note("vendor engaged")
                    .build());

            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.occurredAt()).isEqualTo(T0.plusSeconds(900));
                assertThat(event.change()).isEqualTo(new OutageChange(ACTOR, "ANNOTATE", "vendor engaged"));
                assertThat(event.outage().version()).isEqualTo(2);
                assertThat(event.outage().publicMessage()).isEqualTo("Engineers are on site.");
                assertThat(event.outage().eta()).isEqualTo(T0.plus(Duration.ofHours(3)));
            });
            assertThat(on(noc("cmd-2", Action.ANNOTATE, T0.plusSeconds(1800)).outage(id)
                    .eta(T0.plus(Duration.ofHours(4))).build())).singleElement().satisfies(event -> {
                        assertThat(event.outage().publicMessage()).isEqualTo("Engineers are on site.");
                        assertThat(event.outage().eta()).isEqualTo(T0.plus(Duration.ofHours(4)));
                    });
        }

        @Test
        void mergeWidensTheTargetAndEndsTheSourceAsMergedIntoIt() {
            String target = on(failed(VOICEMAIL, T0, "VM/storage")).getFirst().outage().outageId();
            String source = on(surge("north", Service.VOICE, SurgeState.STARTED, T0.plusSeconds(300)))
                    .getFirst().outage().outageId();
            Instant at = T0.plusSeconds(1200);

            List<OutageEvent> events = on(noc("cmd-1", Action.MERGE, at).outage(source).into(target)
                    .note("same root cause").build());

            OutageChange change = new OutageChange(ACTOR, "MERGE", "same root cause");
            assertThat(events).hasSize(2);
            assertThat(events.get(0)).satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.UPDATED);
                assertThat(event.change()).isEqualTo(change);
                assertThat(event.outage()).isEqualTo(new OutageSnapshot(target, 2,
                        "Voicemail unavailable for customers of VM-1", OutageSeverity.MAJOR,
                        new OutageScope(Set.of(Service.VOICEMAIL, Service.VOICE), Set.of("north"), Set.of(VOICEMAIL)),
                        T0.plusSeconds(300).minus(Signals.SURGE_ONSET_LEAD), T0, null,
                        new Evidence(List.of("VM/storage"), 120, 6.0, 0.9), 800_000, null, null, null));
            });
            assertThat(events.get(1)).satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.change()).isEqualTo(change);
                assertThat(event.outage().outageId()).isEqualTo(source);
                assertThat(event.outage().version()).isEqualTo(2);
                assertThat(event.outage().mergedInto()).isEqualTo(target);
                assertThat(event.outage().endedAt()).isEqualTo(at);
            });
            ManagedOutage merged = book.outage(target).orElseThrow();
            assertThat(merged.activeSurges()).containsExactly("north|VOICE");
            assertThat(merged.timeline()).filteredOn(entry -> entry.kind().equals("MERGE"))
                    .singleElement().extracting(TimelineEntry::at).isEqualTo(at);

            assertThat(on(surge("north", Service.VOICE, SurgeState.ENDED, T0.plus(Duration.ofHours(1))))).isEmpty();
            assertThat(on(restored(VOICEMAIL, T0.plus(Duration.ofHours(2))))).singleElement().satisfies(event -> {
                assertThat(event.status()).isEqualTo(OutageStatus.RESOLVED);
                assertThat(event.outage().outageId()).isEqualTo(target);
            });
        }

        @Test
        void theSameCommandIdActsOnce() {
            NocCommand declare = noc("cmd-1", Action.DECLARE, T0).services(Service.SMS).regions("north").build();
            on(declare);
            String id = only().id();
            NocCommand annotate = noc("cmd-2", Action.ANNOTATE, T0.plusSeconds(60)).outage(id).message("x").build();
            on(annotate);

            assertThat(manager.on(declare, book, P0)).isEqualTo(new OutageManager.Result(List.of(), null));
            assertThat(manager.on(annotate, book, P0)).isEqualTo(new OutageManager.Result(List.of(), null));
            assertThat(book.outages()).hasSize(1);
            assertThat(only().snapshot().version()).isEqualTo(2);
        }

        @Test
        void refusedCommandsPublishNothingAndSayWhy() {
            String open = on(failed(CORE, T0, "CORE/sigtran")).getFirst().outage().outageId();
            String closed = on(failed(VOICEMAIL, T0, "VM/storage")).getFirst().outage().outageId();
            on(restored(VOICEMAIL, T0.plusSeconds(60)));

            assertThat(refused(noc("r-1", Action.ANNOTATE, T0.plusSeconds(120)).outage("OUT-unknown").message("x")
                    .build())).contains("OUT-unknown");
            assertThat(refused(noc("r-2", Action.RESOLVE, T0.plusSeconds(120)).outage(closed).build()))
                    .contains(closed);
            assertThat(refused(noc("r-3", Action.ANNOTATE, T0.plusSeconds(120)).outage(closed).message("x")
                    .build())).contains(closed);
            assertThat(refused(noc("r-4", Action.MERGE, T0.plusSeconds(120)).outage(open).into(open).build()))
                    .contains("itself");
            assertThat(refused(noc("r-5", Action.MERGE, T0.plusSeconds(120)).outage(open).into(closed).build()))
                    .contains(closed);
            assertThat(refused(noc("r-6", Action.MERGE, T0.plusSeconds(120)).outage("OUT-unknown").into(open)
                    .build())).contains("OUT-unknown");
            assertThat(refused(noc("r-7", Action.DECLARE, T0.plusSeconds(120)).regions("north").build()))
                    .contains("service");

            assertThat(book.outage(open).orElseThrow().snapshot().version()).isEqualTo(1);
            assertThat(book.outage(closed).orElseThrow().snapshot().version()).isEqualTo(2);
            assertThat(book.outages()).hasSize(2);
            assertThat(List.of("r-1", "r-2", "r-3", "r-4", "r-5", "r-6", "r-7")).noneMatch(book::commandApplied);
        }

        @Test
        void theTimelineRecordsEachPublishedVersionWithItsActor() {
            String manual = on(noc("cmd-1", Action.DECLARE, T0).services(Service.SMS).regions("north").build())
                    .getFirst().outage().outageId();
            on(noc("cmd-2", Action.ANNOTATE, T0.plusSeconds(60)).actor("noc.bob").outage(manual).message("x").build());
            on(noc("cmd-3", Action.RESOLVE, T0.plusSeconds(120)).outage(manual).build());
            String detected = on(failed(CORE, T0, "CORE/sigtran")).getFirst().outage().outageId();
            on(restored(CORE, T0.plusSeconds(60)));

            assertThat(book.outage(manual).orElseThrow().timeline())
                    .extracting(TimelineEntry::kind, TimelineEntry::version, TimelineEntry::actor)
                    .containsExactly(tuple("DECLARE", 1L, ACTOR),
                            tuple("UPDATED", 2L, "noc.bob"),
                            tuple("RESOLVED", 3L, ACTOR));
            assertThat(book.outage(detected).orElseThrow().timeline())
                    .extracting(TimelineEntry::kind, TimelineEntry::version, TimelineEntry::actor)
                    .containsExactly(tuple("DETECTED", 1L, TimelineEntry.DETECTOR),
                            tuple("ALARM_CLEARED", 0L, TimelineEntry.DETECTOR),
                            tuple("RESOLVED", 2L, TimelineEntry.DETECTOR));
        }
    }

    @Nested
    class Housekeeping {

        @Test
        void purgeForgetsResolvedOutagesAfterTheRetentionAndOldCommandIds() {
            String resolved = on(failed(CORE, T0, "CORE/sigtran")).getFirst().outage().outageId();
            Instant end = T0.plusSeconds(600);
            on(restored(CORE, end));
            String open = on(failed(VOICEMAIL, T0, "VM/storage")).getFirst().outage().outageId();
            on(noc("cmd-1", Action.ANNOTATE, T0).outage(open).message("x").build());

            manager.purge(book, end.plus(SETTINGS.historyRetention()));
            assertThat(book.outage(resolved)).isPresent();

            manager.purge(book, end.plus(SETTINGS.historyRetention()).plusMillis(1));
            assertThat(book.outage(resolved)).isEmpty();
            assertThat(book.outage(open)).isPresent();
            assertThat(book.commandApplied("cmd-1")).isTrue();

            manager.purge(book, T0.plus(Duration.ofDays(7)).plusMillis(1));
            assertThat(book.commandApplied("cmd-1")).isFalse();
            assertThat(book.outage(open)).isPresent();
        }
    }

    /** Cells A and B fail, then their site within the window: one outage of the site, detected at T0 + 25 s. */
    private String siteOutageWithBothCellsFailed() {
        on(failed(CELL_N1_A, T0, "A/down"), P0);
        on(failed(CELL_N1_B, T0.plusSeconds(2), "B/down"), P0.plusSeconds(2));
        on(failed(SITE_N1, T0.plusSeconds(5), "S/power"), P0.plusSeconds(5));
        List<OutageEvent> events = tick(T0.plusSeconds(25), P0.plusSeconds(25));
        assertThat(events).singleElement().extracting(OutageEvent::status).isEqualTo(OutageStatus.DETECTED);
        return events.getFirst().outage().outageId();
    }

    private List<OutageEvent> on(DetectionSignal signal) {
        return on(signal, P0);
    }

    private List<OutageEvent> on(DetectionSignal signal, Instant now) {
        OutageManager.Result result = manager.on(signal, book, now);
        assertThat(result.rejected()).as("refusal of %s", signal).isNull();
        return published(result.events());
    }

    private String refused(NocCommand command) {
        OutageManager.Result result = manager.on(command, book, P0);
        assertThat(result.events()).as("events of refused %s", command.commandId()).isEmpty();
        assertThat(result.rejected()).as("reason for refusing %s", command.commandId()).isNotBlank();
        return result.rejected();
    }

    private List<OutageEvent> tick(Instant streamTime, Instant now) {
        return published(manager.onTick(book, streamTime, now));
    }

    private ManagedOutage only() {
        assertThat(book.outages()).hasSize(1);
        return book.outages().getFirst();
    }

    private List<OutageEvent> published(List<OutageEvent> events) {
        Map<String, OutageSnapshot> last = new HashMap<>();
        for (OutageEvent event : events) {
            OutageSnapshot outage = event.outage();
            long previous = publishedVersions.getOrDefault(outage.outageId(), 0L);
            assertThat(outage.version()).as("version of %s %s", event.status(), outage.outageId())
                    .isEqualTo(previous + 1);
            if (event.status() == OutageStatus.DETECTED) {
                assertThat(previous).as("%s was already published", outage.outageId()).isZero();
            }
            assertThat(outage.endedAt() != null).as("endedAt of %s", event.eventId())
                    .isEqualTo(event.status() == OutageStatus.RESOLVED);
            publishedVersions.put(outage.outageId(), outage.version());
            last.put(outage.outageId(), outage);

            String actor = event.change() == null ? TimelineEntry.DETECTOR : event.change().actor();
            List<String> kinds = event.change() == null ? List.of(event.status().name())
                    : List.of(event.status().name(), event.change().action());
            assertThat(book.outage(outage.outageId()).orElseThrow().timeline())
                    .as("timeline of %s", outage.outageId())
                    .anySatisfy(entry -> {
                        assertThat(entry.version()).isEqualTo(outage.version());
                        assertThat(entry.actor()).isEqualTo(actor);
                        assertThat(entry.kind()).isIn(kinds);
                        assertThat(entry.at()).isEqualTo(event.occurredAt());
                    });
        }
        last.forEach((id, snapshot) -> assertThat(book.outage(id).orElseThrow().snapshot())
                .as("the book keeps the last published snapshot of %s", id).isEqualTo(snapshot));
        return events;
    }
}
