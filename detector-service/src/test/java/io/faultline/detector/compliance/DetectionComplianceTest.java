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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compliance suite: every detection strategy replays every incident of the library through the real
 * detector topology (TopologyTestDriver, wall clock following event time as on a live network) and must pass
 * the incident's verdict: each expected outage found in time, no false outage, no resolution while customers are
 * still affected, one DETECTED and at most one RESOLVED per outage.
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
        assertThat(verdict.failures())
                .as("%s on %s; published: %s", strategy, name, published.stream()
                        .map(event -> event.outage().outageId() + " v" + event.outage().version() + " "
                                + event.status() + " at " + event.occurredAt() + " " + event.outage().scope()
                                .services() + " " + event.outage().scope().regions())
                        .toList())
                .isEmpty();
        assertThat(verdict.detectionDelays()).hasSize(incident.expected().size());
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
