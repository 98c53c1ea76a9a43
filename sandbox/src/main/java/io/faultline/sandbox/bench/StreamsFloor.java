package io.faultline.sandbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link StreamsFloorMain} as its own JVM (same JVM options as the detector, the benchmark's class path), measured
 * on the backlog exactly as the detector is: see {@link ThroughputPhase#drain}.
 */
final class StreamsFloor implements ThroughputPhase.MeasuredProcess {

    /** The floor modes, in the order they run. */
    static final List<String> MODES = List.of("read", "repartition", "remember");

    private final Process process;
    private final Path log;

    private StreamsFloor(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Runs one floor mode over what the input topics hold now and returns how fast it got through it.
     *
     * @param dir state directory and log of this run
     */
    static ThroughputPhase.Drain measure(ThroughputPhase throughput, BenchBroker broker, String mode,
                                         List<String> javaOptions, Path dir, Duration timeout) throws Exception {
        String applicationId = "bench-streams-floor-" + mode;
        Path log = dir.resolve(applicationId + ".log");
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamsFloorMain.class.getName(),
                broker.bootstrapServers(), dir.resolve("state-" + mode).toString(), mode, applicationId));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Thread kill = new Thread(process::destroyForcibly, "kill-" + applicationId);
        Runtime.getRuntime().addShutdownHook(kill);
        try {
            return throughput.drain(applicationId, System.nanoTime(), new StreamsFloor(process, log), timeout);
        } finally {
            Runtime.getRuntime().removeShutdownHook(kill);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public Path log() {
        return log;
    }
}
