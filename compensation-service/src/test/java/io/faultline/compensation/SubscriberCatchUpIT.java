package io.faultline.compensation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.faultline.common.events.Evidence;
import io.faultline.common.events.OutageResolved;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.topics.Topics;
import io.faultline.compensation.subscribers.SubscriberListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A RESOLVED handled while the subscriber listener is behind: the grant waits for the subscribers published before it
 * and credits every eligible one exactly once; if the table does not catch up in time nothing is granted and the
 * RESOLVED is dead-lettered with the reason; transaction markers and aborted records at the end of subscribers.v1
 * do not hold a grant. Real broker and PostgreSQL.
 *
 * <p>Runs after {@link CompensationServiceIT} (classes run in name order, see junit-platform.properties) on the same
 * shared broker and consumer group, whose offsets that class left at the end of every topic; this class only looks
 * at the records it publishes itself.
 */
@SpringBootTest(classes = CompensationApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class SubscriberCatchUpIT extends CompensationItSupport {

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(7);



    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private MeterRegistry meters;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.datasource.url",
                () -> POSTGRES.createDatabase("compensation_catchup_it_" + System.nanoTime()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("faultline.kafka.partitions", () -> "3");
        registry.add("faultline.compensation.grant.page-size", () -> "500");
        registry.add("faultline.compensation.grant.subscribers-catch-up-timeout", () -> CATCH_UP_TIMEOUT.toString());
        registry.add("faultline.compensation.subscribers.lag-interval", () -> "300ms");
        // One attempt: a grant that cannot catch up goes to the dead-letter topic after one timeout, not four.
        registry.add("faultline.kafka.retry-attempts", () -> "0");
        // The grant's own wait is what this test watches (on its run); a liability preview would wait first.
        registry.add("faultline.compensation.approval.thresholds", () -> "");
    }

    @Test
    @Order(1)
    void aGrantWaitsForSubscribersPublishedBeforeTheResolvedAndCreditsEveryEligibleOneOnce() throws Exception {
        List<Subscriber> loaded = subscribers("CU-A-", 1, 1_000, "bristol");
        publishSubscribers(loaded);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber WHERE id LIKE 'CU-A-%'") == 1_000);

        // The subscriber listener falls behind: 10,000 subscribers published before the RESOLVED are not loaded yet.
        MessageListenerContainer subscriberListener = listeners.getListenerContainer(SubscriberListener.LISTENER_ID);
        subscriberListener.pause();
        await().atMost(WAIT).until(subscriberListener::isContainerPaused);
        List<Subscriber> backlog = subscribers("CU-A-", 1_001, 11_000, "bristol");
        publishSubscribers(backlog);
        String outageId = "OUT-20181206-0101";
        send(Topics.OUTAGES.name(), outageId, resolved(outage(outageId, Set.of("bristol"))));

        await().atMost(WAIT).until(() -> detailOf(outageId).startsWith("waiting"));
        Thread.sleep(2_000);
        assertThat(creditsOf(outageId)).isEmpty();
        assertThat(runsOf(outageId)).containsExactly("RUNNING");
        assertThat(detailOf(outageId))
                .startsWith("waiting up to " + CATCH_UP_TIMEOUT + " for the subscriber table to reach subscribers.v1"
                        + " end offsets {")
                .endsWith(", 10000 records behind");
        assertThat(count("SELECT count(*) FROM subscriber WHERE id LIKE 'CU-A-%'")).isEqualTo(1_000);
        await().atMost(WAIT).until(() -> lagGauge() == 10_000);
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).as("ready: caught up once since startup").isEqualTo(200);
        assertThat(readiness.body()).contains("\"subscribersCatchUp\"").contains("\"lag\":10000");

        subscriberListener.resume();

        List<Subscriber> all = new ArrayList<>(loaded);
        all.addAll(backlog);
        Map<String, Long> expected = expectedCredits(all, Set.of("bristol"), Set.of());
        assertThat(expected).hasSizeGreaterThan(5_000);
        await().atMost(WAIT).until(() -> creditsOf(outageId).size() == expected.size());
        assertThat(creditsOf(outageId)).isEqualTo(expected);
        assertThat(jdbc.queryForList("SELECT subscriber_id FROM credit WHERE outage_id = ? GROUP BY subscriber_id"
                + " HAVING count(*) > 1", String.class, outageId)).isEmpty();
        awaitRuns(outageId, "COMPLETED");
        assertThat(detailOf(outageId)).startsWith("subscriber table at subscribers.v1 end offsets {")
                .contains(" after waiting ");
        assertThat(deadLettersOf(outageId)).isEmpty();
        await().atMost(WAIT).until(() -> lagGauge() == 0);
    }

    @Test
    @Order(2)
    void aGrantThatCannotCatchUpGrantsNothingAndIsDeadLetteredWithTheReason() throws Exception {
        List<Subscriber> loaded = subscribers("CU-B-", 1, 300, "leeds");
        publishSubscribers(loaded);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber WHERE id LIKE 'CU-B-%'") == 300);

        MessageListenerContainer subscriberListener = listeners.getListenerContainer(SubscriberListener.LISTENER_ID);
        subscriberListener.pause();
        await().atMost(WAIT).until(subscriberListener::isContainerPaused);
        List<Subscriber> backlog = subscribers("CU-B-", 301, 600, "leeds");
        publishSubscribers(backlog);
        String outageId = "OUT-20181206-0102";
        OutageResolved resolved = resolved(outage(outageId, Set.of("leeds")));
        send(Topics.OUTAGES.name(), outageId, resolved);

        await().atMost(WAIT).until(() -> !deadLettersOf(outageId).isEmpty());
        ConsumerRecord<String, byte[]> dead = deadLettersOf(outageId).getFirst();
        System.out.println("Dead-letter reason header: " + header(dead, DeadLetterHeaders.REASON));
        assertThat(header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE))
                .contains("Subscriber table not caught up with subscribers.v1 within " + CATCH_UP_TIMEOUT
                        + ": 300 records behind")
                .contains("no credit granted, rather than credit a partial subscriber base");
        assertThat(header(dead, DeadLetterHeaders.REJECTED_BY)).isEqualTo("compensation-service");
        assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.OUTAGES.name());
        assertThat(creditsOf(outageId)).as("no partial grant over the 300 subscribers already loaded").isEmpty();
        assertThat(runsOf(outageId)).containsExactly("FAILED");
        assertThat(detailOf(outageId)).contains("SubscribersNotCaughtUpException").contains("300 records behind");

        subscriberListener.resume();
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber WHERE id LIKE 'CU-B-%'") == 600);
        // Replayed from the dead-letter topic, as an operator would: the failed run did not complete, so this one runs.
        send(Topics.OUTAGES.name(), outageId, resolved);

        List<Subscriber> all = new ArrayList<>(loaded);
        all.addAll(backlog);
        Map<String, Long> expected = expectedCredits(all, Set.of("leeds"), Set.of());
        await().atMost(WAIT).until(() -> creditsOf(outageId).size() == expected.size());
        assertThat(creditsOf(outageId)).isEqualTo(expected);
        awaitRuns(outageId, "FAILED", "COMPLETED");
    }

    @Test
    @Order(3)
    void transactionMarkersAndAbortedSubscribersAtTheEndOfTheTopicDoNotHoldAGrant() throws Exception {
        List<Subscriber> committed = subscribers("CU-C-", 1, 300, "york");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "subscriber-catch-up-it-crm");
        try (KafkaProducer<String, byte[]> crm = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            crm.initTransactions();
            crm.beginTransaction();
            for (Subscriber s : committed) {
                crm.send(subscriberRecord(s));
            }
            crm.commitTransaction();
            crm.beginTransaction();
            for (Subscriber s : subscribers("CU-X-", 1, 60, "york")) {
                crm.send(subscriberRecord(s));
            }
            crm.flush();
            crm.abortTransaction();
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM subscriber WHERE id LIKE 'CU-C-%'") == 300);
        System.out.println("subscribers.v1 after an aborted transaction: committed " + committedOffsets()
                + ", end " + endOffsets());

        String outageId = "OUT-20181206-0103";
        send(Topics.OUTAGES.name(), outageId, resolved(outage(outageId, Set.of("york"))));

        Map<String, Long> expected = expectedCredits(committed, Set.of("york"), Set.of());
        await().atMost(WAIT).until(() -> creditsOf(outageId).size() == expected.size());
        assertThat(creditsOf(outageId)).isEqualTo(expected);
        awaitRuns(outageId, "COMPLETED");
        assertThat(deadLettersOf(outageId)).isEmpty();
        assertThat(count("SELECT count(*) FROM subscriber WHERE id LIKE 'CU-X-%'")).isZero();
        await().atMost(WAIT).until(() -> lagGauge() == 0);
    }

    @Test
    @Order(4)
    void readinessIncludesTheSubscriberCatchUpAndPrometheusTheLagAndTheWaits() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"readinessState\"").contains("\"subscribersCatchUp\"")
                .contains("\"caughtUpAt\"").contains("\"partitions\"");

        HttpResponse<String> prometheus = get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body())
                .contains("faultline_compensation_subscribers_lag{")
                .contains("faultline_compensation_subscribers_catch_up_wait_seconds_count{")
                .contains("outcome=\"caught-up\"")
                .contains("outcome=\"not-caught-up\"");
    }

    private static List<Subscriber> subscribers(String prefix, int from, int to, String region) {
        List<Subscriber> subscribers = new ArrayList<>(to - from + 1);
        for (int i = from; i <= to; i++) {
            String id = prefix + "%06d".formatted(i);
            subscribers.add(subscriber(id, i, region, Set.of("HLR-1", "VM-1"), "BA-" + id, false));
        }
        return subscribers;
    }

    private static OutageSnapshot outage(String id, Set<String> regions) {
        return new OutageSnapshot(id, 2, "Mobile data unavailable", OutageSeverity.CRITICAL,
                new OutageScope(Set.of(Service.DATA), regions, Set.of()), OUTAGE_START, OUTAGE_START.plusSeconds(300),
                OUTAGE_START.plusSeconds(86_400), new Evidence(List.of("ALM-43"), 5_000, 120, 0.99), 32_000,
                "Data is down");
    }

    /** A run's status is written after its last page of credits, in its own transaction: wait for it. */
    private void awaitRuns(String outageId, String... statuses) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(runsOf(outageId)).containsExactly(statuses));
    }

    private List<String> runsOf(String outageId) {
        return jdbc.queryForList("SELECT status FROM outage_compensation WHERE outage_id = ? ORDER BY run_id",
                String.class, outageId);
    }

    /** Detail of the latest run of an outage, "" if none. */
    private String detailOf(String outageId) {
        List<String> details = jdbc.queryForList("SELECT coalesce(detail, '') FROM outage_compensation"
                + " WHERE outage_id = ? ORDER BY run_id DESC LIMIT 1", String.class, outageId);
        return details.isEmpty() ? "" : details.getFirst();
    }

    private double lagGauge() {
        return meters.get("faultline.compensation.subscribers.lag").gauge().value();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ConsumerRecord<String, byte[]>> deadLettersOf(String outageId) {
        return readAll(Topics.OUTAGES.dlt()).stream().filter(r -> outageId.equals(r.key())).toList();
    }

    private static Map<Integer, Long> committedOffsets() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("compensation-service")
                .partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> committed = new TreeMap<>();
        offsets.forEach((tp, offset) -> {
            if (tp.topic().equals(Topics.SUBSCRIBERS.name()) && offset != null) {
                committed.put(tp.partition(), offset.offset());
            }
        });
        return committed;
    }

    private static Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        String topic = Topics.SUBSCRIBERS.name();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<Integer, Long> end = new TreeMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((tp, info) -> end.put(tp.partition(), info.offset()));
        return end;
    }

}
