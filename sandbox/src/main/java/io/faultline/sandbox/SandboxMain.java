package io.faultline.sandbox;

import io.faultline.common.serde.EventJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./faultline sandbox [--scenario NAME|none] [--subscribers N] [--exit-when-done]}: the whole system on
 * embedded defaults, a synthetic network loaded, a scenario replayed, and a summary.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            System.err.println("[sandbox] failed: " + e);
            e.printStackTrace();
            System.err.println("[sandbox] service logs are in .sandbox/logs/");
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String scenarioName = "o2-2018";
        int subscribers = 100_000;
        boolean exitWhenDone = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scenario" -> scenarioName = args[++i];
                case "--subscribers" -> subscribers = Integer.parseInt(args[++i]);
                case "--exit-when-done" -> exitWhenDone = true;
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    usage();
                    System.exit(2);
                }
            }
        }
        SyntheticNetwork network = new SyntheticNetwork(subscribers, 42);
        Scenario scenario = "none".equals(scenarioName) ? null
                : Scenario.named(scenarioName, network).endingAt(java.time.Instant.now());
        Path root = Path.of(System.getProperty("faultline.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve(".sandbox");
        deleteRecursively(work);
        Sandbox sandbox = new Sandbox(new Sandbox.Options(root, work, 9092, 8081, 2525, 2775));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }));
        long started = System.nanoTime();
        say("Starting Kafka, PostgreSQL, SMTP and SMPP sinks and the three services...");
        sandbox.start();
        say("Ready in %d s. Loading %,d network elements and %,d subscribers...",
                seconds(started), network.topology().size(), subscribers);
        ScenarioRunner runner = new ScenarioRunner(sandbox, network);
        runner.loadNetwork(Duration.ofMinutes(5));
        try (SystemObserver observer = new SystemObserver(sandbox.bootstrapServers(), false)) {
            if (scenario != null) {
                say("Replaying %s: %s (%,d events)", scenario.name(), scenario.description(), scenario.events().size());
                runner.replay(scenario);
                runner.awaitSettled(observer, scenario.outages(), Duration.ofMinutes(20));
                printSummary(observer.summary(scenario.name()), seconds(started));
            }
            printAddresses(sandbox);
        }
        if (exitWhenDone) {
            System.exit(0);
        }
        say("Running until Ctrl-C.");
        stopped.await();
    }

    private static void printSummary(Map<String, Object> summary, long seconds) {
        System.out.println();
        System.out.println("=== Faultline sandbox: " + summary.get("scenario") + " (" + seconds + " s) ===");
        System.out.println("Outage events  : " + summary.get("outages"));
        System.out.println("Notices sent   : " + summary.get("notices"));
        System.out.println("Receipts       : " + summary.get("receipts"));
        System.out.println("Credits        : " + summary.get("credits"));
        System.out.println("Dead letters   : " + summary.get("deadLetters"));
        System.out.println("SUMMARY " + EventJson.writeString(summary));
    }

    private static void printAddresses(Sandbox sandbox) {
        System.out.println();
        System.out.println("Kafka      : " + sandbox.bootstrapServers()
                + "  (e.g. kcat -b 127.0.0.1:9092 -C -t outages.v1 -e)");
        System.out.println("PostgreSQL : " + sandbox.jdbcUrl() + " user " + sandbox.postgres().username());
        System.out.println("SMTP sink  : 127.0.0.1:" + sandbox.mail().smtpPort() + "   SMPP SMSC: 127.0.0.1:"
                + sandbox.smsc().port());
        for (String name : new String[] {"detector-service", "notifier-service", "compensation-service"}) {
            ServiceProcess service = sandbox.service(name);
            System.out.println(String.format("%-21s: http://127.0.0.1:%d/actuator/health  /actuator/prometheus  log %s",
                    name, service.port(), service.log()));
        }
    }

    private static void usage() {
        System.out.println("usage: ./faultline sandbox [--scenario NAME|none] [--subscribers N] [--exit-when-done]");
        System.out.println("scenarios:");
        Scenario.CATALOGUE.forEach((name, text) -> System.out.println("  " + name + "  " + text));
    }

    private static void say(String format, Object... args) {
        System.out.println("[sandbox] " + String.format(format, args));
    }

    private static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
