package io.faultline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.testsupport.incidents.Incident;
import io.faultline.testsupport.incidents.IncidentVerdict;
import io.faultline.testsupport.incidents.Incidents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./faultline sandbox --scenario flapping-alarm} without the command line: the sandbox on a real broker with
 * the three services, the incident replayed by {@link IncidentRun} (real time around the onset, the rest at once),
 * and the detector's outages judged by the incident's verdict. The flapping alarm is the incident with the
 * shortest real-time part: the first raise is its onset.
 */
class IncidentReplayIT {

    @Test
    void theFlappingAlarmIsOneOutageDetectedAtOnceAndResolvedOnceOnTheRealBroker() throws Exception {
        Incident incident = Incidents.named("flapping-alarm");
        SyntheticNetwork network = new SyntheticNetwork(500, 7);
        Path root = Path.of("").toAbsolutePath().getParent();
        // The hold-down runs in processing time when no later alarm moves the cell on, so its margin over the
        // flaps' 22 s gaps must also cover the detector falling behind the replay: with the sandbox's 30 s (8 s of
        // margin) a loaded CI run once resolved and reopened the cell.
        Map<String, String> holdDown = Map.of("FAULTLINE_DETECTOR_CLEAR_HOLD_DOWN", "60s");
        try (Sandbox sandbox = new Sandbox(new Sandbox.Options(root, Files.createTempDirectory("faultline-incident"),
                0, 0, 0, 0, holdDown)).start();
             SystemObserver observer = new SystemObserver(sandbox.bootstrapServers(), false)) {
            ScenarioRunner runner = new ScenarioRunner(sandbox, network);
            runner.loadNetwork(incident.topology(), Duration.ofMinutes(2));

            IncidentVerdict verdict = new IncidentRun(sandbox, runner, observer,
                    new IncidentRun.Timing(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1)),
                    System.out::println).replay(incident);

            assertThat(verdict.failures()).as("published: %s", observer.outageEvents()).isEmpty();
            assertThat(verdict.detectionDelays()).singleElement()
                    .satisfies(delay -> assertThat(delay).get()
                            .satisfies(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(60))));
            assertThat(observer.outageEvents()).extracting(OutageEvent::status).contains(OutageStatus.RESOLVED);
        }
    }
}
