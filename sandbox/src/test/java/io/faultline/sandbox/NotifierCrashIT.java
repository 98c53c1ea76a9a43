package io.faultline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.ContactPreferences;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.FreePorts;
import io.faultline.testsupport.ReceivedSms;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kill -9} of the notifier twice in the middle of a large SMS send, each time restarted on the same state:
 * no notice is lost (every handset gets its notice, every notice an ACCEPTED receipt), and the notices sent
 * twice stay within the in-flight window: the notices redelivered from the batches whose offsets were not committed
 * are found in the sent journal and not sent again, so only a submit the SMSC had not yet answered at the moment of
 * the kill can reach a handset twice, at most one per sender thread ({@value #IN_FLIGHT_WINDOW}) per kill. Before
 * the journal, the same test measured 1,015 notices sent twice (the uncommitted batches, ~500 per kill). The
 * measured count is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotifierCrashIT {

    private static final int SUBSCRIBERS = 12_000;
    private static final int TPS = 600;
    private static final int IN_FLIGHT_WINDOW = 16;
    private static final String REGION = "crash-region";
    private static final String NOTIFIER = "notifier-service";

    private Sandbox sandbox;
    private SystemObserver observer;

    @BeforeAll
    void startInfrastructureAndNotifier() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path work = Files.createTempDirectory("faultline-notifier-crash");
        sandbox = new Sandbox(new Sandbox.Options(root, work, 0, 0, 0, 0,
                Map.of("FAULTLINE_SMPP_TPS", String.valueOf(TPS))));
        sandbox.startInfrastructure();
        sandbox.startService(NOTIFIER, FreePorts.find()).awaitReady(Duration.ofMinutes(3));
        observer = new SystemObserver(sandbox.bootstrapServers(), true);
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (observer != null) {
            observer.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void killingTheNotifierMidSendLosesNoNoticeAndRepeatsAtMostTheInFlightWindow() throws Exception {
        Instant start = Instant.now().minusSeconds(600);
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/test/crash")) {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                publisher.publish(subscriber(i, start));
            }
            publisher.flush();
        }
        sandbox.awaitCaughtUp(NOTIFIER, Topics.SUBSCRIBERS.name(), Duration.ofMinutes(2));
        try (EventPublisher publisher = new EventPublisher(sandbox.bootstrapServers(), "/faultline/test/noc")) {
            publisher.publish(detected("OUT-CRASH-1", start));
            publisher.flush();
        }

        int[] killedAt = new int[2];
        for (int kill = 0; kill < killedAt.length; kill++) {
            int target = SUBSCRIBERS * (kill + 1) / 3;
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> sandbox.smsc().receivedCount() >= target);
            ServiceProcess notifier = sandbox.service(NOTIFIER);
            notifier.kill();
            killedAt[kill] = sandbox.smsc().receivedCount();
            sandbox.startService(NOTIFIER, notifier.port()).awaitReady(Duration.ofMinutes(2));
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> sandbox.smsc().receivedDestinations().size() >= SUBSCRIBERS);
        sandbox.awaitCaughtUp("notifier-service-delivery", "faultline.notifier.notice-requests", Duration.ofMinutes(2));
        observer.awaitQuiet(Duration.ofSeconds(3), Duration.ofMinutes(1));

        Map<String, Long> perHandset = sandbox.smsc().received().stream()
                .filter(sms -> sms.concatenation().map(part -> part.sequence() == 1).orElse(true))
                .collect(Collectors.groupingBy(ReceivedSms::destinationAddr, Collectors.counting()));
        long duplicates = perHandset.values().stream().mapToLong(count -> count - 1).sum();
        long avoided = resendsAvoided();
        System.out.printf("NotifierCrashIT: %d subscribers, killed after %d and %d submit_sm (parts), %d notices sent twice "
                + "(bound %d), %d redelivered notices found in the sent journal%n", SUBSCRIBERS, killedAt[0],
                killedAt[1], duplicates, 2 * IN_FLIGHT_WINDOW, avoided);

        assertThat(perHandset).as("every handset got its notice").hasSize(SUBSCRIBERS);
        assertThat(duplicates).as("sent twice, within the in-flight window of each kill")
                .isLessThanOrEqualTo(2L * IN_FLIGHT_WINDOW);
        Map<String, NoticeReceipt> accepted = observer.receipts().stream()
                .filter(receipt -> receipt.channel() == NoticeChannel.SMS && receipt.state() == NoticeState.ACCEPTED)
                .collect(Collectors.toMap(NoticeReceipt::noticeId, Function.identity(), (a, b) -> a));
        assertThat(accepted).as("every notice has an ACCEPTED receipt").hasSize(SUBSCRIBERS);
        assertThat(observer.receipts()).noneMatch(receipt -> receipt.state() == NoticeState.FAILED);
    }

    /**
     * The last notifier's count of redelivered notices it did not send again (printed only: a kill that lands
     * right after a commit leaves nothing to skip).
     */
    private long resendsAvoided() throws Exception {
        URI metric = URI.create("http://127.0.0.1:" + sandbox.service(NOTIFIER).port()
                + "/actuator/metrics/faultline.notices.resend.avoided");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metric).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        return (long) EventJson.readTree(response.body().getBytes(StandardCharsets.UTF_8)).path("measurements")
                .path(0).path("value").asDouble();
    }

    private static Subscriber subscriber(int i, Instant since) {
        Plan plan = new Plan("PM", PlanType.PAY_MONTHLY, "GBP", List.of(new ChargeComponent("airtime", 1300)),
                Set.of(Service.DATA, Service.VOICE, Service.SMS), false);
        return new Subscriber("CRASH-" + i, String.format("447800%06d", i), null, "en", "meridian",
                "ACC-CRASH-" + i, "consumer", plan, REGION, Set.of(), ContactPreferences.DEFAULT, false, since);
    }

    private static OutageEvent detected(String outageId, Instant startedAt) {
        OutageSnapshot snapshot = new OutageSnapshot(outageId, 1, "Mobile data unavailable", OutageSeverity.MAJOR,
                new OutageScope(Set.of(Service.DATA), Set.of(REGION), Set.of()), startedAt, startedAt, null,
                new Evidence(List.of("ALM-CRASH"), 0, 0, 0.9), SUBSCRIBERS, null);
        return OutageEvent.of(OutageStatus.DETECTED, startedAt, snapshot);
    }
}
