package io.faultline.sandbox;

import io.faultline.common.serde.EventJson;
import io.faultline.testsupport.WebhookReceiver;
import io.faultline.testsupport.incidents.ExpectedOutage;
import io.faultline.testsupport.incidents.Incident;
import io.faultline.testsupport.incidents.IncidentVerdict;
import io.faultline.testsupport.incidents.Incidents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./faultline sandbox [--scenario NAME|none] [--subscribers N] [--exit-when-done]}: the whole system on
 * embedded defaults, a synthetic network loaded, an incident of the library replayed on the real broker
 * ({@link IncidentRun}), and a summary with the incident's verdict.
 */
public final class SandboxMain {

    /** The incident replayed when no {@code --scenario} is given. */
    public static final String DEFAULT_SCENARIO = "o2-2018-data";

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
        String scenarioName = DEFAULT_SCENARIO;
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
        Incident incident = "none".equals(scenarioName) ? null : incidentNamed(scenarioName);
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
        runner.loadNetwork(incident == null ? List.of() : incident.topology(), Duration.ofMinutes(5));
        try (SystemObserver observer = new SystemObserver(sandbox.bootstrapServers(), false)) {
            if (incident != null) {
                say("Replaying %s (%,d events): %s", incident.name(), incident.events().size(),
                        firstSentence(incident.description()));
                IncidentVerdict verdict = new IncidentRun(sandbox, runner, observer, IncidentRun.Timing.SANDBOX,
                        text -> say("%s", text)).replay(incident);
                say("Detector verdict judged; waiting for the notices and credits to settle:");
                printVerdict(incident, verdict);
                runner.awaitSettled(observer, observer.outages("RESOLVED"), Duration.ofMinutes(20));
                Map<String, Object> summary = observer.summary(incident.name());
                summary.put("verdict", IncidentRun.summary(verdict));
                List<WebhookReceiver.Post> posts = sandbox.partners().posts();
                summary.put("partnerWebhooks", Map.of("posts", posts.size(), "signaturesValid",
                        posts.stream().allMatch(WebhookReceiver.Post::signatureValid)));
                printSummary(summary, incident, verdict, seconds(started));
            }
            printAddresses(sandbox);
        }
        if (exitWhenDone) {
            System.exit(0);
        }
        say("Running until Ctrl-C.");
        stopped.await();
    }

    private static Incident incidentNamed(String name) {
        if (!Incidents.NAMES.contains(name)) {
            System.err.println("unknown scenario '" + name + "'; known: " + String.join(", ", Incidents.NAMES)
                    + ", none");
            usage();
            System.exit(2);
        }
        return Incidents.named(name);
    }

    private static void printSummary(Map<String, Object> summary, Incident incident, IncidentVerdict verdict,
                                     long seconds) {
        System.out.println();
        System.out.println("=== Faultline sandbox: " + summary.get("scenario") + " (" + seconds + " s) ===");
        System.out.println("Outage events  : " + summary.get("outages"));
        System.out.println("Notices sent   : " + summary.get("notices"));
        System.out.println("Receipts       : " + summary.get("receipts"));
        System.out.println("Credits        : " + summary.get("credits"));
        System.out.println("Dead letters   : " + summary.get("deadLetters"));
        System.out.println("Partner hooks  : " + summary.get("partnerWebhooks") + " to "
                + String.join(", ", Sandbox.WEBHOOK_PARTNERS));
        printVerdict(incident, verdict);
        System.out.println("SUMMARY " + EventJson.writeString(summary));
    }

    private static void printVerdict(Incident incident, IncidentVerdict verdict) {
        System.out.println("Verdict        : " + (verdict.passed() ? "PASS" : "FAIL (" + verdict.failures().size()
                + " failure(s))"));
        for (String failure : verdict.failures()) {
            System.out.println("  failure      : " + failure);
        }
        List<Optional<Duration>> delays = verdict.detectionDelays();
        for (int i = 0; i < delays.size(); i++) {
            ExpectedOutage expected = incident.expected().get(i);
            System.out.println("  detection    : " + expected.services() + " "
                    + (expected.regions().isEmpty() ? expected.elements() : expected.regions().size() + " region(s)")
                    + " after " + delays.get(i).map(d -> d.toMillis() / 1000.0 + " s").orElse("-- (not detected)")
                    + " (budget " + expected.detectionBudget().toSeconds() + " s)");
        }
    }

    private static void printAddresses(Sandbox sandbox) {
        System.out.println();
        System.out.println("Kafka      : " + sandbox.bootstrapServers()
                + "  (e.g. kcat -b 127.0.0.1:9092 -C -t outages.v1 -e)");
        System.out.println("PostgreSQL : " + sandbox.jdbcUrl() + " user " + sandbox.postgres().username());
        System.out.println("SMTP sink  : 127.0.0.1:" + sandbox.mail().smtpPort() + "   SMPP SMSC: 127.0.0.1:"
                + sandbox.smsc().port());
        System.out.println("Partner webhook endpoints: " + String.join("  ", Sandbox.WEBHOOK_PARTNERS.stream()
                .map(partner -> sandbox.partners().url("/" + partner).toString()).toList()));
        System.out.println("Status page: http://127.0.0.1:" + sandbox.service("notifier-service").port()
                + "/status   (also /status.json and /status/feed.atom)");
        System.out.println("NOC API    : http://127.0.0.1:" + sandbox.service("detector-service").port()
                + "/api/noc/outages   (user noc, password FAULTLINE_NOC_PASSWORD or changeme)");
        System.out.println("Finance API: http://127.0.0.1:" + sandbox.service("compensation-service").port()
                + "/api/finance/approvals   (users finance and care, passwords FAULTLINE_FINANCE_PASSWORD and"
                + " FAULTLINE_CARE_PASSWORD or changeme)");
        for (String name : new String[] {"detector-service", "notifier-service", "compensation-service"}) {
            ServiceProcess service = sandbox.service(name);
            System.out.println(String.format("%-21s: http://127.0.0.1:%d/actuator/health  /actuator/prometheus  log %s",
                    name, service.port(), service.log()));
        }
    }

    private static void usage() {
        System.out.println("usage: ./faultline sandbox [--scenario NAME|none] [--subscribers N] [--exit-when-done]");
        System.out.println("scenarios (incidents of io.faultline.testsupport.incidents; default " + DEFAULT_SCENARIO
                + "):");
        Incidents.NAMES.forEach(name -> System.out.println(String.format("  %-24s %s", name,
                firstSentence(Incidents.named(name).description()))));
        System.out.println("  none                     load the network and subscribers, replay nothing");
    }

    private static String firstSentence(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        int end = flat.indexOf(". ");
        return end < 0 ? flat : flat.substring(0, end + 1);
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
