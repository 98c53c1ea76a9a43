package io.faultline.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.compensation.grant.OutageListenerConfiguration;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.OutageDetected;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.CloudEventHeaders;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service against a real Kafka broker and a real PostgreSQL: subscribers in, an outage resolved, credits in the
 * ledger and on credits.v1, replays that change nothing, malformed records dead-lettered, actuator endpoints up.
 */
@SpringBootTest(classes = CompensationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // closed before SubscriberCatchUpIT joins the same consumer group on the same broker
class CompensationServiceIT extends CompensationItSupport {

    private static final int SUBSCRIBERS = 2_000;
    private static final int BULK_SUBSCRIBERS = 100_000;
    private static final List<String> REGIONS = List.of("london", "manchester", "glasgow", "cardiff");
    private static final Set<String> OUTAGE_REGIONS = Set.of("london", "manchester");
    private static final String OUTAGE_HLR = "HLR-7";



    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.datasource.url", () -> POSTGRES.createDatabase("compensation_it_" + System.nanoTime()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("faultline.kafka.partitions", () -> "3");
        registry.add("faultline.compensation.grant.page-size", () -> "500");
    }

    @Test
    @Order(1)
    void grantsOneCreditPerEligibleSubscriberAndPublishesIt() throws Exception {
        List<Subscriber> base = subscribers();
        Map<String, Long> expected = expectedCredits(base, OUTAGE_REGIONS, Set.of(OUTAGE_HLR));
        assertThat(expected).hasSizeBetween(300, SUBSCRIBERS - 300);

        publishSubscribers(base);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber") == SUBSCRIBERS);

        OutageSnapshot detected = outage("OUT-20181206-0001", 1, OUTAGE_REGIONS, Set.of(OUTAGE_HLR), null);
        send(Topics.OUTAGES.name(), detected.outageId(), new OutageDetected(OUTAGE_START.plusSeconds(600), detected));
        send(Topics.OUTAGES.name(), detected.outageId(), resolved(detected.next(OUTAGE_START.plusSeconds(86_400))));

        await().atMost(WAIT).until(() -> creditsOf("OUT-20181206-0001").size() == expected.size());
        assertThat(creditsOf("OUT-20181206-0001")).isEqualTo(expected);
        // The run's status is written after its last page of credits, in its own transaction.
        await().atMost(WAIT).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT status FROM outage_compensation WHERE outage_id = ?", String.class, "OUT-20181206-0001"))
                .isEqualTo("COMPLETED"));

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM credit_outbox WHERE published_at IS NULL") == 0);
        List<ConsumerRecord<String, byte[]>> published = readAll(Topics.CREDITS.name());
        assertThat(published).hasSize(expected.size());
        Map<String, Long> publishedAmounts = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : published) {
            CreditGranted credit = EventJson.read(record.value(), CreditGranted.class);
            publishedAmounts.put(credit.subscriberId(), credit.amountMinor());
            assertThat(record.key()).isEqualTo(credit.billingAccount());
            assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(credit.creditId());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("io.faultline.credit.granted.v1");
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/faultline/compensation-service");
            assertThat(header(record, CloudEventHeaders.SUBJECT)).isEqualTo(credit.subscriberId());
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(credit.policyId()).isEqualTo("o2-2018-pay-monthly");
            assertThat(credit.trace().formula()).startsWith("airtime ").contains(" x 2 / 31 (ACTUAL) = ");
        }
        assertThat(publishedAmounts).isEqualTo(expected);
    }

    @Test
    @Order(2)
    void replayedOutageAndSubscribersAddNothing() throws Exception {
        int ledgerBefore = count("SELECT count(*) FROM credit");
        int publishedBefore = readAll(Topics.CREDITS.name()).size();

        OutageSnapshot resolvedV2 = outage("OUT-20181206-0001", 2, OUTAGE_REGIONS, Set.of(OUTAGE_HLR),
                OUTAGE_START.plusSeconds(86_400));
        send(Topics.OUTAGES.name(), resolvedV2.outageId(), resolved(resolvedV2));
        send(Topics.OUTAGES.name(), resolvedV2.outageId(), resolved(resolvedV2.next(resolvedV2.endedAt())));
        publishSubscribers(subscribers());

        awaitConsumed(Topics.SUBSCRIBERS.name(), Topics.OUTAGES.name());
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM outage_compensation") == 3);
        Thread.sleep(500);

        assertThat(count("SELECT count(*) FROM credit")).isEqualTo(ledgerBefore);
        assertThat(count("SELECT count(*) FROM credit_outbox")).isEqualTo(ledgerBefore);
        assertThat(readAll(Topics.CREDITS.name())).hasSize(publishedBefore);
        assertThat(jdbc.queryForList("SELECT status FROM outage_compensation ORDER BY run_id", String.class))
                .containsExactly("COMPLETED", "SKIPPED", "COMPLETED");
        assertThat(jdbc.queryForObject("SELECT credits_count FROM outage_compensation ORDER BY run_id DESC LIMIT 1",
                Long.class)).isZero();
    }

    @Test
    @Order(3)
    void malformedOutagesGoToTheirDeadLetterTopicAndTheNextRecordIsProcessed() throws Exception {
        String outageId = "OUT-20181207-0002";
        sendRaw(Topics.OUTAGES.name(), outageId, "{\"status\":\"RESOLVED\"}");
        sendRaw(Topics.OUTAGES.name(), outageId, "not json");
        OutageSnapshot cardiff = outage(outageId, 2, Set.of("cardiff"), Set.of(), OUTAGE_START.plusSeconds(7_200));
        send(Topics.OUTAGES.name(), outageId, resolved(cardiff));

        Map<String, Long> expected = expectedCredits(subscribers(), Set.of("cardiff"), Set.of());
        await().atMost(WAIT).until(() -> creditsOf(outageId).size() == expected.size());
        assertThat(creditsOf(outageId)).isEqualTo(expected);

        List<ConsumerRecord<String, byte[]>> dead = awaitRecords(Topics.OUTAGES.dlt(), 2);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"status\":\"RESOLVED\"}", "not json");
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("OutageEvent").contains("occurredAt");
        assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).contains("OutageEvent").containsIgnoringCase("not");
        assertThat(dead).allSatisfy(r -> {
            assertThat(header(r, DeadLetterHeaders.REJECTED_BY)).isEqualTo("compensation-service");
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.OUTAGES.name());
        });
    }

    @Test
    @Order(4)
    void malformedSubscribersGoToTheirDeadLetterTopicAndTheNextRecordIsProcessed() throws Exception {
        sendRaw(Topics.SUBSCRIBERS.name(), "SUB-BAD", "not json");
        sendRaw(Topics.SUBSCRIBERS.name(), "SUB-BAD", "{\"subscriberId\":\"SUB-BAD\"}");
        Subscriber valid = subscriber(90_001, "SUB-BAD");
        send(Topics.SUBSCRIBERS.name(), valid.subscriberId(), valid);

        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber WHERE id = 'SUB-BAD'") == 1);
        List<ConsumerRecord<String, byte[]>> dead = awaitRecords(Topics.SUBSCRIBERS.dlt(), 2);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("not json", "{\"subscriberId\":\"SUB-BAD\"}");
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("Subscriber");
        assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).contains("Subscriber").contains("missing required field");
        assertThat(header(dead.get(1), DeadLetterHeaders.REJECTED_BY)).isEqualTo("compensation-service");
    }

    @Test
    @Order(5)
    void actuatorReportsReadinessAndCreditMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");

        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("faultline_credits_granted_total{")
                .contains("policy=\"o2-2018-pay-monthly@1\"")
                .contains("faultline_credits_amount_minor_total{")
                .contains("faultline_outages_received_total{")
                .contains("faultline_credits_outbox_pending");
    }

    @Test
    @Order(6)
    void loadsOneHundredThousandSubscribersInSeconds() throws Exception {
        int before = count("SELECT count(*) FROM subscriber");
        long start = System.nanoTime();
        List<Subscriber> bulk = new ArrayList<>(BULK_SUBSCRIBERS);
        for (int i = 1; i <= BULK_SUBSCRIBERS; i++) {
            bulk.add(subscriber(i, "BULK-%06d".formatted(i)));
        }
        publishSubscribers(bulk);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("SELECT count(*) FROM subscriber") == before + BULK_SUBSCRIBERS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("Produced and loaded %d subscribers in %d ms (%.0f/s)%n", BULK_SUBSCRIBERS,
                took.toMillis(), BULK_SUBSCRIBERS * 1000.0 / Math.max(1, took.toMillis()));
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    /** A line of the mix in one of four regions; every 11th is homed on the failed HLR. */
    private static Subscriber subscriber(int i, String id) {
        Set<String> platforms = i % 11 == 0 ? Set.of(OUTAGE_HLR, "VM-1") : Set.of("HLR-1", "VM-1");
        return subscriber(id, i, REGIONS.get(i % REGIONS.size()), platforms, "BA-" + (i / 2), i % 50 == 0);
    }

    private static List<Subscriber> subscribers() {
        List<Subscriber> subscribers = new ArrayList<>(SUBSCRIBERS);
        for (int i = 1; i <= SUBSCRIBERS; i++) {
            subscribers.add(subscriber(i, "SUB-%05d".formatted(i)));
        }
        return subscribers;
    }

    private static void sendRaw(String topic, String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, int count) {
        await().atMost(WAIT).until(() -> readAll(topic).size() >= count);
        List<ConsumerRecord<String, byte[]>> records = readAll(topic);
        assertThat(records).hasSize(count);
        return records;
    }

    /** Waits until the service's consumer group has committed every record of the topics. */
    private static void awaitConsumed(String... topics) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin
                    .listConsumerGroupOffsets("compensation-service").partitionsToOffsetAndMetadata().get());
            committed.putAll(admin.listConsumerGroupOffsets(OutageListenerConfiguration.DEFAULT_GROUP_ID)
                    .partitionsToOffsetAndMetadata().get());
            Set<String> wanted = new HashSet<>(List.of(topics));
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(wanted).allTopicNames().get().values().forEach(d -> d.partitions()
                    .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(e -> {
                OffsetAndMetadata offset = committed.get(e.getKey());
                return e.getValue().offset() == 0 || (offset != null && offset.offset() >= e.getValue().offset());
            });
        });
    }

}
