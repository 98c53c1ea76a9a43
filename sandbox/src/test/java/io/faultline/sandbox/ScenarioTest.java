package io.faultline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    private final SyntheticNetwork network = new SyntheticNetwork(2_000, 7);

    static Set<String> names() {
        return Scenario.CATALOGUE.keySet();
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyScenarioRaisesAndClearsAlarmsOnKnownElementsInEventTimeOrder(String name) {
        Scenario scenario = Scenario.named(name, network);
        Set<String> elements = network.topology().stream().map(NetworkElement::elementId).collect(Collectors.toSet());
        assertThat(scenario.events()).isSortedAccordingTo(Comparator.comparing(FaultlineEvent::occurredAt));
        assertThat(scenario.events()).filteredOn(NetworkAlarm.class::isInstance).map(NetworkAlarm.class::cast)
                .allMatch(alarm -> elements.contains(alarm.sourceId()))
                .anyMatch(NetworkAlarm::isClear)
                .anyMatch(alarm -> alarm.severity().isServiceAffecting());
    }

    @ParameterizedTest
    @MethodSource("names")
    void aReplayIsMovedToEndAtTheGivenTimeKeepingItsShape(String name) {
        Scenario original = Scenario.named(name, network);
        Instant end = Instant.parse("2026-11-23T12:00:00Z");
        Scenario moved = original.endingAt(end);
        assertThat(moved.events().getLast().occurredAt()).isEqualTo(end);
        assertThat(java.time.Duration.between(moved.events().getFirst().occurredAt(), end))
                .isEqualTo(java.time.Duration.between(original.events().getFirst().occurredAt(),
                        original.events().getLast().occurredAt()));
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

    @Test
    void anUnknownScenarioNamesTheKnownOnes() {
        assertThatThrownBy(() -> Scenario.named("y2k", network)).hasMessageContaining("o2-2018")
                .hasMessageContaining("mail-outage");
    }
}
