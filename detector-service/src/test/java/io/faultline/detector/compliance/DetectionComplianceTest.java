package io.faultline.detector.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.OutageEvent;
import io.faultline.detector.complaints.SurgeTestKind;
import io.faultline.detector.streams.DetectorDriver;
import io.faultline.detector.streams.DetectorSettings;
import io.faultline.testsupport.incidents.Incident;
import io.faultline.testsupport.incidents.IncidentVerdict;
import io.faultline.testsupport.incidents.Incidents;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compliance suite: every detection strategy replays every incident of the library through the real
 * detector topology (TopologyTestDriver, wall clock following event time as on a live network) and must pass
 * the incident's verdict: each expected outage found in time, no false outage, no resolution while customers are
 * still affected, one DETECTED and at most one RESOLVED per outage. One late detection is a known gap, stated
 * exactly in {@link #KNOWN_GAP}.
 */
class DetectionComplianceTest {

    static Stream<Arguments> strategiesAndIncidents() {
        return Stream.of(SurgeTestKind.values()).flatMap(strategy -> Incidents.NAMES.stream()
                .map(incident -> Arguments.of(strategy, incident)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategiesAndIncidents")
    void everyStrategyPassesEveryIncident(SurgeTestKind strategy, String name) {
        Incident incident = Incidents.named(name);
        DetectorSettings settings = DetectorSettings.defaults().withSurgeTest(strategy);

        List<OutageEvent> published = replay(incident, settings);

        IncidentVerdict verdict = IncidentVerdict.judge(incident, published);
        assertThat(verdict.failures().stream().filter(failure -> !knownGap(name, failure)).toList())
                .as("%s on %s; published: %s", strategy, name, published.stream()
                        .map(event -> event.outage().outageId() + " v" + event.outage().version() + " "
                                + event.status() + " at " + event.occurredAt() + " " + event.outage().scope()
                                .services() + " " + event.outage().scope().regions())
                        .toList())
                .isEmpty();
        assertThat(verdict.detectionDelays()).hasSize(incident.expected().size());
    }

    /**
     * The one failure this suite tolerates, stated exactly so that it cannot widen unnoticed: in
     * {@code silent-data-failure}, yorkshire's DATA complaints at 5x its late-morning noise are too few to pass
     * the entry test within 3 minutes (the detector finds it after 4.5 to 6 minutes; midlands, busier, within
     * 80 s). At about one complainant a minute, 3 minutes is statistically out of reach at the false-alarm rate
     * the detector holds (see issue 3's notes). Anything else, or a later detection, fails.
     */
    private static final Pattern KNOWN_GAP = Pattern.compile("expected outage \\[DATA] regions \\[yorkshire] "
            + "elements \\[] \\(onset 2019-06-11T10:00:00Z\\) detected at 2019-06-11T10:0[4-5]:[0-9.]+Z, "
            + "(2[7-9][0-9]|3[0-5][0-9]) s after onset; due by 2019-06-11T10:03:00Z");

    private static boolean knownGap(String incident, String failure) {
        return incident.equals("silent-data-failure") && KNOWN_GAP.matcher(failure).matches();
    }

    static List<OutageEvent> replay(Incident incident, DetectorSettings settings) {
        try (DetectorDriver detector = new DetectorDriver(settings, incident.start())) {
            detector.inventory(incident.topology());
            for (FaultlineEvent event : incident.inDeliveryOrder()) {
                detector.deliver(event);
            }
            detector.idleUntil(incident.end());
            return detector.outages();
        }
    }
}
