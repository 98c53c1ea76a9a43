package io.faultline.sandbox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link StreamsFloorMain} as its own JVM (same JVM options as the detector, the benchmark's class path), measured
 * on the backlog exactly as the detector is: see {@link ThroughputPhase#drain}.
 */
final class StreamsFloor {

    /** The floor modes, in the order they run. */
    static final List<String> MODES = List.of("read", "repartition", "remember");

    private StreamsFloor() {
    }

    /**
     * Runs one floor mode over what the input topics hold now and returns how fast it got through it.
     *
     * @param dir state directory and log of this run
     */
    static ThroughputPhase.Drain measure(ThroughputPhase throughput, BenchBroker broker, String mode,
                                         List<String> javaOptions, Path dir, Duration timeout) throws Exception {
        String applicationId = "bench-streams-floor-" + mode;
        try (ChildJvm floor = ChildJvm.start(applicationId, javaOptions, List.of("-cp",
                System.getProperty("java.class.path"), StreamsFloorMain.class.getName(), broker.bootstrapServers(),
                dir.resolve("state-" + mode).toString(), mode, applicationId), Map.of(),
                dir.resolve(applicationId + ".log"))) {
            return throughput.drain(applicationId, System.nanoTime(), floor, timeout);
        }
    }
}
