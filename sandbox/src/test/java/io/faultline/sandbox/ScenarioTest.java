package io.faultline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.testsupport.incidents.Incidents;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioTest {

    static java.util.List<String> incidents() {
        return Incidents.NAMES;
    }

    private final SyntheticNetwork network = new SyntheticNetwork(2_000, 7);

    @Test
    void theO2ScenarioRaisesAndClearsAlarmsOnKnownElementsInEventTimeOrder() {
        Scenario scenario = Scenario.o2DataOutage2018(network);
        Set<String> elements = elementIds();
        assertThat(scenario.events()).isSortedAccordingTo(Comparator.comparing(FaultlineEvent::occurredAt));
        assertThat(scenario.events()).filteredOn(NetworkAlarm.class::isInstance).map(NetworkAlarm.class::cast)
                .allMatch(alarm -> elements.contains(alarm.sourceId()))
                .anyMatch(NetworkAlarm::isClear)
                .anyMatch(alarm -> alarm.severity().isServiceAffecting());
    }

    @Test
    void aReplayIsMovedToEndAtTheGivenTimeKeepingItsShape() {
        Scenario original = Scenario.o2DataOutage2018(network);
        Instant end = Instant.parse("2026-11-23T12:00:00Z");
        Scenario moved = original.endingAt(end);
        assertThat(moved.events().getLast().occurredAt()).isEqualTo(end);
        assertThat(Duration.between(moved.events().getFirst().occurredAt(), end))
                .isEqualTo(Duration.between(original.events().getFirst().occurredAt(),
                        original.events().getLast().occurredAt()));
    }

    @ParameterizedTest
    @MethodSource("incidents")
    void theSandboxNetworkHoldsEveryElementAnIncidentUses(String name) {
        var incident = Incidents.named(name);
        Set<String> elements = elementIds();
        assertThat(incident.topology()).extracting(NetworkElement::elementId).allMatch(elements::contains);
        assertThat(incident.alarms()).allMatch(alarm -> elements.contains(alarm.sourceId()));
    }

    @Test
    void aboutThreePercentOfLinesAreHomedOnTheSmallVoicemailPlatform() {
        AtomicInteger onVm3 = new AtomicInteger();
        network.subscribers(s -> {
            if (s.platforms().contains("VM-3")) {
                onVm3.incrementAndGet();
            }
        });
        assertThat(onVm3.get()).isBetween(40, 80);
    }

    private Set<String> elementIds() {
        return network.topology().stream().map(NetworkElement::elementId).collect(Collectors.toSet());
    }
}
