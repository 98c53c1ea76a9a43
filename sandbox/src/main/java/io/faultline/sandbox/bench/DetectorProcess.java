package io.faultline.sandbox.bench;

import io.faultline.common.events.NetworkElement;
import io.faultline.common.topics.Topics;
import io.faultline.sandbox.EventPublisher;
import io.faultline.sandbox.ServiceProcess;
import io.faultline.testsupport.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The detector-service under test, as its own JVM from the executable jar of the Maven build, with production JVM
 * settings: unlike the sandbox's {@link ServiceProcess}, which trades peak speed for a fast start
 * ({@code -XX:TieredStopAtLevel=1}), a benchmark runs the JIT fully.
 */
final class DetectorProcess implements AutoCloseable, ThroughputPhase.MeasuredProcess {

    static final String NAME = "detector-service";

    /** Kafka Streams application id of the detector, hence its consumer group. */
    static final String GROUP_ID = "detector-service";

    /**
     * How to start the detector under test.
     *
     * @param jar         the detector's exec jar
     * @param javaOptions JVM options
     * @param readyWithin how long start-up may take
     */
    record Launcher(Path jar, List<String> javaOptions, Duration readyWithin) {

        /**
         * A launcher of a private copy of the exec jar the Maven build made, so that every phase of a run measures
         * the same build even if the jar is rebuilt meanwhile.
         */
        static Launcher ofBuiltJar(Path root, Path workDir, List<String> javaOptions, Duration readyWithin)
                throws IOException {
            Path built = ServiceProcess.executableJar(root, NAME);
            Path copy = workDir.resolve(built.getFileName());
            Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
            return new Launcher(copy, javaOptions, readyWithin);
        }

        /**
         * Starts a detector on {@code broker} with its state and log under {@code dir} and waits until it is ready.
         */
        DetectorProcess startReady(BenchBroker broker, Path dir) throws Exception {
            DetectorProcess detector = start(jar, broker.bootstrapServers(), FreePorts.find(), broker.partitions(),
                    dir.resolve("state"), javaOptions, dir.resolve(NAME + ".log"));
            try {
                detector.awaitReady(readyWithin);
            } catch (RuntimeException | InterruptedException e) {
                detector.close();
                throw e;
            }
            return detector;
        }

        /**
         * Gives a detector its inventory before it is measured: starts it on {@code broker}, publishes the
         * topology, waits until the detector's group has committed network.topology.v1 to its end (the validated
         * copy its global store reads is written in the same exactly-once transaction) and stops it. The next
         * detector started with the same {@code dir} restores its global topology store before it processes a
         * single alarm, so no alarm of the measurement meets an unknown element.
         */
        void loadTopology(BenchBroker broker, Path dir, List<NetworkElement> topology) throws Exception {
            try (DetectorProcess detector = startReady(broker, dir);
                 EventPublisher publisher = new EventPublisher(broker.bootstrapServers(),
                         "/faultline/bench/inventory")) {
                topology.forEach(publisher::publish);
                publisher.flush();
                broker.awaitCommitted(GROUP_ID, List.of(Topics.NETWORK_TOPOLOGY.name()), detector, readyWithin);
            }
        }
    }

    private final ChildJvm jvm;
    private final int port;

    private DetectorProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts the detector against a broker with a fresh state directory.
     *
     * @param jar         the detector's exec jar
     * @param bootstrap   broker address
     * @param port        HTTP port (readiness)
     * @param partitions  partitions of the detector's DLTs and internal topics
     * @param stateDir    Kafka Streams state directory
     * @param javaOptions JVM options, e.g. {@code -Xms1g -Xmx1g}
     * @param logFile     where its stdout and stderr go
     */
    static DetectorProcess start(Path jar, String bootstrap, int port, int partitions, Path stateDir,
                                 List<String> javaOptions, Path logFile) throws IOException {
        return new DetectorProcess(ChildJvm.start(NAME, javaOptions, List.of("-jar", jar.toString()), Map.of(
                "FAULTLINE_KAFKA_BOOTSTRAP", bootstrap,
                "FAULTLINE_STATE_DIR", stateDir.toString(),
                "FAULTLINE_DETECTOR_PORT", String.valueOf(port),
                "SERVER_PORT", String.valueOf(port),
                "FAULTLINE_KAFKA_PARTITIONS", String.valueOf(partitions)), logFile), port);
    }

    /** Waits until {@code /actuator/health/readiness} answers 200 (Kafka Streams running, topology restored). */
    void awaitReady(Duration timeout) throws InterruptedException {
        jvm.awaitReady(port, timeout);
    }

    @Override
    public boolean isAlive() {
        return jvm.isAlive();
    }

    @Override
    public Path log() {
        return jvm.log();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
