package io.faultline.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MixedLoadTest {

    @ParameterizedTest(name = "history ending at {0}")
    @ValueSource(strings = {"2026-11-24T01:30:00Z", "2026-11-24T04:10:00Z", "2026-11-24T12:00:00Z",
            "2026-11-24T19:45:30Z"})
    void aHistoryHoldsAboutTheRecordsAskedForAtAnyTimeOfDay(String end) {
        BenchNetwork network = new BenchNetwork(3, 2);
        MixedLoad load = new MixedLoad(network, 42);
        Instant historyEnd = Instant.parse(end);

        Instant historyStart = load.historyStartFor(5_000, historyEnd);
        long produced = load.history(historyStart, historyEnd, record -> { });

        assertThat(historyStart).isBefore(historyEnd);
        assertThat(produced).isBetween(4_500L, 5_500L);
    }
}
