package io.faultline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.MailServer;
import io.faultline.testsupport.ReceivedSms;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Drives detector, notifier and compensation together, each as its own JVM, against a real Kafka broker,
 * PostgreSQL, SMTP server and SMSC simulator: the O2 December 2018 data outage over a synthetic operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultlineScenarioIT {

    private static final int SUBSCRIBERS = 2_000;

    private final SyntheticNetwork network = new SyntheticNetwork(SUBSCRIBERS, 7);
    private Sandbox sandbox;
    private SystemObserver observer;
    private ScenarioRunner runner;
    private Scenario scenario;

    @BeforeAll
    void startEverything() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path work = Files.createTempDirectory("faultline-scenario");
        sandbox = new Sandbox(new Sandbox.Options(root, work, 0, 0, 0, 0,
                Map.of("LOGGING_LEVEL_IO_FAULTLINE_NOTIFIER_DELIVERY", "DEBUG", "FAULTLINE_DETECTOR_CLEAR_HOLD_DOWN", "5s"))).start();
        observer = new SystemObserver(sandbox.bootstrapServers(), true);
        runner = new ScenarioRunner(sandbox, network);
        scenario = Scenario.o2DataOutage2018(network).endingAt(java.time.Instant.now());
        publishMalformedRecords();
        runner.loadNetwork(Duration.ofMinutes(2));
        runner.replay(scenario.events());
        runner.awaitSettled(observer, 1, Duration.ofMinutes(5));
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
    @Order(1)
    void theOutageIsDetectedThenResolvedExactlyOnce() {
        List<OutageEvent> outages = observer.outageEvents();
        assertThat(outages).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.DETECTED, OutageStatus.RESOLVED);
        assertThat(outages).extracting(e -> e.outage().version()).containsExactly(1L, 2L);
        assertThat(outages.get(0).outage().outageId()).isEqualTo(outages.get(1).outage().outageId());
        assertThat(outages.get(0).outage().scope().services()).containsExactly(Service.DATA);
        assertThat(outages.get(0).outage().scope().regions()).containsExactlyInAnyOrderElementsOf(SyntheticNetwork.REGIONS);

        String outageId = outages.get(0).outage().outageId();
        for (String partner : Sandbox.WEBHOOK_PARTNERS) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.partners().posts()
                    .stream().filter(post -> post.path().equals("/" + partner)).count() >= 2);
            assertThat(sandbox.partners().posts()).filteredOn(post -> post.path().equals("/" + partner))
                    .as("every outage event reaches %s once, signed", partner)
                    .allMatch(io.faultline.testsupport.WebhookReceiver.Post::signatureValid)
                    .extracting(io.faultline.testsupport.WebhookReceiver.Post::eventId)
                    .containsExactly(outageId + "-v1", outageId + "-v2");
        }
    }

    @Test
    @Order(1)
    void theStatusPageShowsTheResolvedOutageAndNoticesLinkToIt() throws Exception {
        String outageId = observer.outageEvents().get(0).outage().outageId();
        String page = "http://127.0.0.1:" + sandbox.service("notifier-service").port() + "/status";
        HttpClient http = HttpClient.newHttpClient();
        String json = http.send(HttpRequest.newBuilder(URI.create(page + ".json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(json).contains("\"current\":[]", "\"reference\":\"" + outageId + "\"", "\"stage\":\"RESOLVED\"");
        boolean inSms = sandbox.smsc().received().stream().anyMatch(sms -> sms.text().contains(page));
        boolean inMail = sandbox.mail().receivedMessages().stream().anyMatch(mail -> mail.body().contains(page));
        assertThat(inSms || inMail).as("notices carry the live status page address %s", page).isTrue();
    }

    @Test
    @Order(2)
    void exactlyTheAffectedSubscribersAreToldOncePerStageOnAWorkingChannel() {
        Map<String, Subscriber> affected = new HashMap<>();
        network.subscribers(s -> {
            if (s.plan().services().contains(Service.DATA)) {
                affected.put(s.subscriberId(), s);
            }
        });
        // a DETECTED notice still queued when the outage resolved is not sent but recorded as superseded
        Map<String, Long> superseded = observer.receipts().stream()
                .filter(r -> r.state() == NoticeState.SUPPRESSED && r.stage() == OutageStatus.DETECTED
                        && r.detail() != null && r.detail().startsWith("superseded by RESOLVED"))
                .collect(Collectors.groupingBy(NoticeReceipt::subscriberId, Collectors.counting()));
        Map<String, Long> expectedSms = affected.values().stream()
                .filter(s -> s.contact().preferredChannel() != NoticeChannel.EMAIL)
                .collect(Collectors.toMap(Subscriber::msisdn,
                        s -> 2L - superseded.getOrDefault(s.subscriberId(), 0L)));
        Map<String, Long> expectedEmail = affected.values().stream()
                .filter(s -> s.contact().preferredChannel() == NoticeChannel.EMAIL)
                .collect(Collectors.toMap(Subscriber::email,
                        s -> 2L - superseded.getOrDefault(s.subscriberId(), 0L)));
        assertThat(superseded.values()).allMatch(count -> count == 1);
        assertThat(expectedSms).hasSizeGreaterThan(SUBSCRIBERS / 2);
        assertThat(expectedEmail).isNotEmpty();
        assertThat(affected).hasSizeLessThan(SUBSCRIBERS);

        Map<String, Long> smsPerHandset = sms().stream()
                .collect(Collectors.groupingBy(ReceivedSms::destinationAddr, Collectors.counting()));
        assertThat(smsPerHandset).isEqualTo(expectedSms);
        Map<String, Long> mailsPerAddress = sandbox.mail().receivedMessages().stream()
                .collect(Collectors.groupingBy(m -> m.to().getFirst(), Collectors.counting()));
        assertThat(mailsPerAddress).isEqualTo(expectedEmail);

        List<NoticeReceipt> accepted = observer.receipts().stream()
                .filter(r -> r.state() == NoticeState.ACCEPTED && r.channel() != NoticeChannel.WEBHOOK).toList();
        assertThat(accepted).hasSize(2 * affected.size()
                - superseded.values().stream().mapToInt(Long::intValue).sum());
        assertThat(accepted).extracting(NoticeReceipt::noticeId).doesNotHaveDuplicates();
        List<NoticeReceipt> delivered = observer.receipts().stream()
                .filter(r -> r.state() == NoticeState.DELIVERED).toList();
        assertThat(delivered).isNotEmpty().allMatch(r -> r.channel() == NoticeChannel.SMS);
        assertThat(delivered).extracting(NoticeReceipt::noticeId).doesNotHaveDuplicates();
        assertThat(sms()).anyMatch(m -> m.text().contains("Meridian") || m.text().contains("Skylark"));
        assertThat(sandbox.mail().receivedMessages()).anyMatch(m -> m.subject().contains("working again")
                || m.subject().contains("rétabli"));
    }

    @Test
    @Order(2)
    void serviceLogsNeverPrintAPhoneNumberOrAnEmailAddressInFull() throws Exception {
        assertThat(Files.readString(sandbox.service("notifier-service").log()))
                .as("delivery logs every notice at DEBUG in this test, with the address masked")
                .contains("Sent SMS notice").containsPattern("to \\*{9}\\d{3}")
                .contains("Sent EMAIL notice").containsPattern("to c\\*\\*\\*@mail\\.example");
        for (String name : List.of("detector-service", "notifier-service", "compensation-service")) {
            String log = Files.readString(sandbox.service(name).log());
            assertThat(log).as(name + " log").isNotBlank()
                    .doesNotContainPattern("\\b4477\\d{8}\\b")
                    .doesNotContainPattern("customer\\d+@mail\\.example");
        }
    }

    @Test
    @Order(3)
    void everyEligibleSubscriberGetsExactlyOneCreditOfTheRightAmount() throws Exception {
        int daysInMonth = java.time.YearMonth.from(observer.outageEvents().getFirst().outage().startedAt()
                .atZone(java.time.ZoneOffset.UTC)).lengthOfMonth();
        Map<String, Long> expected = new HashMap<>();
        network.subscribers(s -> {
            if (s.brand().equals(SyntheticNetwork.HOST_BRAND) && s.plan().type() == PlanType.PAY_MONTHLY
                    && s.plan().services().contains(Service.DATA)) {
                long airtime = s.plan().charge("airtime").orElseThrow().monthlyMinor();
                expected.put(s.subscriberId(), BigDecimal.valueOf(airtime * 2)
                        .divide(BigDecimal.valueOf(daysInMonth), 0, RoundingMode.HALF_UP).longValueExact());
            }
        });
        assertThat(expected).isNotEmpty();
        List<CreditGranted> credits = observer.creditEvents();
        Map<String, Long> published = credits.stream()
                .collect(Collectors.toMap(CreditGranted::subscriberId, CreditGranted::amountMinor));
        assertThat(credits).hasSize(expected.size());
        assertThat(published).isEqualTo(expected);
        assertThat(credits).allMatch(c -> c.currency().equals("GBP") && c.policyId().equals("o2-2018-pay-monthly"));
        assertThat(ledger()).isEqualTo(expected);
    }

    @Test
    @Order(4)
    void aMalformedRecordOnEachInputTopicEndsInItsDeadLetterTopicWithTheReason() {
        Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = observer.deadLetterRecords().stream()
                .collect(Collectors.groupingBy(ConsumerRecord::topic));
        assertThat(byTopic.keySet()).contains(Topics.NETWORK_ALARMS.dlt(), Topics.CUSTOMER_COMPLAINTS.dlt(),
                Topics.NETWORK_TOPOLOGY.dlt(), Topics.SUBSCRIBERS.dlt(), Topics.OUTAGES.dlt());
        for (List<ConsumerRecord<String, byte[]>> rejected : byTopic.values()) {
            for (ConsumerRecord<String, byte[]> record : rejected) {
                assertThat(header(record, DeadLetterHeaders.REASON)).isNotBlank();
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("{broken");
            }
        }
        assertThat(byTopic.get(Topics.OUTAGES.dlt())).extracting(r -> header(r, DeadLetterHeaders.REJECTED_BY))
                .contains("notifier-service", "compensation-service");
        assertThat(byTopic.get(Topics.SUBSCRIBERS.dlt())).extracting(r -> header(r, DeadLetterHeaders.REJECTED_BY))
                .contains("notifier-service", "compensation-service");
    }

    @Test
    @Order(5)
    void afterAKillAndRestartOfEveryServiceReplayingAllInputsAddsNoNoticeNoCreditAndNoOutage() throws Exception {
        int smsBefore = sandbox.smsc().receivedCount();
        int mailsBefore = sandbox.mail().receivedMessages().size();
        long creditsBefore = observer.credits();
        int outagesBefore = observer.outageEvents().size();
        Map<String, Long> ledgerBefore = ledger();

        for (String name : List.of("detector-service", "notifier-service", "compensation-service")) {
            ServiceProcess service = sandbox.service(name);
            service.kill();
            sandbox.startService(name, service.port()).awaitReady(Duration.ofMinutes(2));
        }
        runner.loadNetwork(Duration.ofMinutes(2));
        runner.replay(scenario.events());
        try (EventPublisher detectorReplay = new EventPublisher(sandbox.bootstrapServers(), "/faultline/test/replay")) {
            observer.outageEvents().forEach(detectorReplay::publish);
            detectorReplay.flush();
        }
        Thread.sleep(3_000);
        runner.awaitSettled(observer, 1, Duration.ofMinutes(2));

        assertThat(observer.outageEvents()).hasSize(2 * outagesBefore);
        assertThat(sandbox.smsc().receivedCount()).isEqualTo(smsBefore);
        assertThat(sandbox.mail().receivedMessages()).hasSize(mailsBefore);
        assertThat(observer.credits()).isEqualTo(creditsBefore);
        assertThat(ledger()).isEqualTo(ledgerBefore);
    }

    private List<ReceivedSms> sms() {
        return sandbox.smsc().received().stream().filter(FaultlineScenarioIT::firstPart).toList();
    }

    private static boolean firstPart(ReceivedSms sms) {
        return !sms.hasUdh() || sms.shortMessage()[5] == 1;
    }

    private Map<String, Long> ledger() throws Exception {
        Map<String, Long> amounts = new HashMap<>();
        try (Connection db = DriverManager.getConnection(sandbox.jdbcUrl(), sandbox.postgres().username(),
                sandbox.postgres().password());
             ResultSet rs = db.createStatement().executeQuery("select subscriber_id, amount_minor from credit")) {
            while (rs.next()) {
                amounts.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        return amounts;
    }

    private void publishMalformedRecords() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            for (String topic : List.of(Topics.NETWORK_ALARMS.name(), Topics.CUSTOMER_COMPLAINTS.name(),
                    Topics.NETWORK_TOPOLOGY.name(), Topics.SUBSCRIBERS.name(), Topics.OUTAGES.name())) {
                producer.send(new ProducerRecord<>(topic, "BROKEN-1", "{broken json"));
            }
            producer.flush();
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
