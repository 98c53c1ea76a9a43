package io.faultline.sandbox.bench;

import io.faultline.sandbox.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark starts beside itself, with its output in a log file. It is killed if the benchmark exits
 * first, and {@link #close} stops it gently, then forcibly after 20 s.
 */
final class ChildJvm implements AutoCloseable, ThroughputPhase.MeasuredProcess {

    private final Process process;
    private final Path log;
    private final Thread killOnExit;
    private final String name;

    private ChildJvm(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Copies a service's built exec jar into {@code workDir}, so that every phase of a run measures the same build.
     */
    static Path copyBuiltJar(Path root, String service, Path workDir) throws IOException {
        Path built = ServiceProcess.executableJar(root, service);
        Path copy = workDir.resolve(built.getFileName());
        Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    /**
     * Starts {@code java <javaOptions> <arguments>} with this JVM's java binary.
     *
     * @param name        for the shutdown hook's thread
     * @param environment added to this process's environment
     * @param log         where its stdout and stderr go (its folder is created)
     */
    static ChildJvm start(String name, List<String> javaOptions, List<String> arguments,
                          Map<String, String> environment, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start(), log, name);
    }

    /**
     * Starts a service JVM (as {@link #start}) and waits until it is ready on {@code port}; a JVM that does not get
     * ready is stopped before the failure is thrown.
     */
    static ChildJvm startReady(String name, List<String> javaOptions, List<String> arguments,
                               Map<String, String> environment, Path log, int port, Duration timeout)
            throws IOException, InterruptedException {
        ChildJvm jvm = start(name, javaOptions, arguments, environment, log);
        try {
            jvm.awaitReady(port, timeout);
        } catch (RuntimeException | InterruptedException e) {
            jvm.close();
            throw e;
        }
        return jvm;
    }

    /** Waits until {@code /actuator/health/readiness} on {@code port} answers 200; fails at once if the JVM exits. */
    void awaitReady(int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest readiness = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit value of a JVM that has exited. */
    int exitValue() {
        return process.exitValue();
    }

    @Override
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
