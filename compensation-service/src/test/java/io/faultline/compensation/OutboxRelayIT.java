package io.faultline.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.CalculationTrace;
import io.faultline.common.events.CreditEvent;
import io.faultline.common.events.CreditKind;
import io.faultline.common.serde.CloudEventHeaders;
import io.faultline.common.serde.EventSerializer;
import io.faultline.compensation.ledger.CreditLedger;
import io.faultline.compensation.outbox.CreditOutbox;
import io.faultline.compensation.outbox.OutboxReconciler;
import io.faultline.compensation.outbox.OutboxRelay;
import io.faultline.compensation.outbox.PublishedPositions;
import io.faultline.compensation.outbox.RelayLeadership;
import io.faultline.compensation.policy.ComputedCredit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay against the real broker and PostgreSQL, failing at the two points where the broker and the
 * database can disagree: after the broker committed a batch and before the database did, and before the broker
 * committed. Each time the next pass leaves the topic (read_committed) with every booked credit exactly once.
 * The relays here publish to a topic of their own under a lock key and transactional id of their own; the service's
 * own relay and listeners are switched off, so that nothing else books or publishes credits meanwhile.
 */
@SpringBootTest(classes = CompensationApplication.class)
@DirtiesContext
class OutboxRelayIT extends CompensationItSupport {

    private static final int CREDITS = 5_000;
    private static final int BATCH = 1_000;
    private static final long TEST_LOCK_KEY = 424_242L;

    @Autowired
    CreditOutbox outbox;
    @Autowired
    PublishedPositions positions;
    @Autowired
    CreditLedger ledger;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("spring.datasource.url", () -> POSTGRES.createDatabase("outbox_it_" + System.nanoTime()));
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("faultline.kafka.partitions", () -> "3");
        registry.add("faultline.compensation.outbox.enabled", () -> "false");
        registry.add("faultline.compensation.listeners.auto-startup", () -> "false");
    }

    @Test
    void aCrashAfterTheBrokersCommitAndBeforeTheDatabasesPublishesNothingTwice() throws Exception {
        String topic = newTopic("credits-after-commit");
        Set<String> booked = book("OUT-AFTER-COMMIT");
        AtomicInteger advances = new AtomicInteger();
        PublishedPositions failingSecondBatch = new PublishedPositions(jdbc) {
            @Override
            public void advance(String t, Map<Integer, Long> nextOffsets) {
                if (advances.incrementAndGet() == 3) { // 1: the first reconciliation, 2: batch 1, 3: batch 2
                    throw new IllegalStateException("simulated crash after the broker's commit");
                }
                super.advance(t, nextOffsets);
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = relay(topic, failingSecondBatch, meters, this::producer);
        try {
            assertThat(relay.relayPending()).as("the failed pass reports nothing").isZero();
            assertThat(outbox.pendingCount()).isEqualTo(CREDITS - BATCH);
            assertThat(creditIdsOn(topic)).as("batch 2 is committed on the topic but not marked").hasSize(2 * BATCH);

            assertThat(relay.relayPending()).isEqualTo(CREDITS - 2 * BATCH);
        } finally {
            relay.destroy();
        }
        assertThat(outbox.pendingCount()).isZero();
        assertThat(meters.counter("faultline.credits.outbox.reconciled").count()).isEqualTo(BATCH);
        assertExactlyOnce(creditIdsOn(topic), booked);
    }

    @Test
    void aCrashBeforeTheBrokersCommitLeavesNothingVisibleAndTheNextPassPublishesItOnce() throws Exception {
        String topic = newTopic("credits-before-commit");
        Set<String> booked = book("OUT-BEFORE-COMMIT");
        AtomicInteger producersMade = new AtomicInteger();
        AtomicInteger commits = new AtomicInteger();
        Supplier<Producer<String, CreditEvent>> firstFailsItsSecondCommit = () -> {
            if (producersMade.incrementAndGet() > 1) {
                return producer();
            }
            return new KafkaProducer<>(producerConfig(), new StringSerializer(), new EventSerializer<>("/test")) {
                @Override
                public void commitTransaction() {
                    if (commits.incrementAndGet() == 2) {
                        throw new KafkaException("simulated crash before the broker's commit");
                    }
                    super.commitTransaction();
                }

                @Override
                public void close(Duration timeout) {
                    // Forced, as a killed process would: a graceful close would abort the open transaction itself,
                    // and this test is about the next producer's initTransactions aborting it.
                    super.close(Duration.ZERO);
                }
            };
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OutboxRelay relay = relay(topic, positions, meters, firstFailsItsSecondCommit);
        try {
            assertThat(relay.relayPending()).isZero();
            assertThat(outbox.pendingCount()).isEqualTo(CREDITS - BATCH);

            assertThat(relay.relayPending()).as("the open transaction is aborted, its credits sent again")
                    .isEqualTo(CREDITS - BATCH);
        } finally {
            relay.destroy();
        }
        assertThat(producersMade).hasValue(2);
        assertThat(meters.counter("faultline.credits.outbox.reconciled").count()).isZero();
        assertExactlyOnce(creditIdsOn(topic), booked);
    }

    @Test
    void onlyTheInstanceHoldingTheLockRelaysAndAnotherTakesOverWhenItStops() throws Exception {
        String topic = newTopic("credits-leadership");
        OutboxRelay first = relay(topic, positions, new SimpleMeterRegistry(), this::producer);
        OutboxRelay second = relay(topic, positions, new SimpleMeterRegistry(), this::producer);
        Set<String> booked = new HashSet<>();
        try {
            booked.addAll(book("OUT-LEADER-1"));
            assertThat(first.relayPending()).isEqualTo(CREDITS);
            booked.addAll(book("OUT-LEADER-2"));
            assertThat(second.relayPending()).as("not the leader").isZero();
            assertThat(outbox.pendingCount()).isEqualTo(CREDITS);

            first.destroy();
            assertThat(second.relayPending()).isEqualTo(CREDITS);
        } finally {
            first.destroy();
            second.destroy();
        }
        assertExactlyOnce(creditIdsOn(topic), booked);
    }

    private OutboxRelay relay(String topic, PublishedPositions relayPositions, SimpleMeterRegistry meters,
                              Supplier<Producer<String, CreditEvent>> producers) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        OutboxReconciler reconciler = new OutboxReconciler(topic, outbox, relayPositions, transactions,
                () -> new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                Duration.ofMinutes(1));
        return new OutboxRelay(topic, outbox, relayPositions, reconciler,
                new RelayLeadership(dataSource, TEST_LOCK_KEY), producers, transactions, meters, BATCH, true);
    }

    private Producer<String, CreditEvent> producer() {
        return new KafkaProducer<>(producerConfig(), new StringSerializer(), new EventSerializer<>("/test"));
    }

    private static Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "outbox-relay-it");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    /** Books {@value #CREDITS} credits of an outage in the ledger (and so in the outbox); returns their ids. */
    private Set<String> book(String outageId) {
        List<ComputedCredit> credits = new ArrayList<>();
        for (int i = 0; i < CREDITS; i++) {
            String line = outageId + "-LINE-" + i;
            credits.add(new ComputedCredit(ComputedCredit.idOf(outageId, "relay-it", 1, line), outageId, "relay-it",
                    1, line, "ACC-" + i, CreditKind.MONETARY, 84, "GBP", true, "OUTAGE_GOODWILL",
                    new CalculationTrace(List.of("airtime"), 1300, 2, 31, "ACTUAL", "83.87", "HALF_UP",
                            "airtime 1300 x 2 / 31 (ACTUAL) = 83.87 -> 84 (HALF_UP) GBP minor units")));
        }
        ledger.book(credits, Instant.parse("2018-12-07T00:00:00Z"));
        return credits.stream().map(c -> c.creditId().toString()).collect(Collectors.toSet());
    }

    private static String newTopic(String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID();
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get();
        return name;
    }

    /** The ce_id of every record of a topic a read_committed consumer sees, duplicates kept. */
    private static List<String> creditIdsOn(String topic) {
        return readAll(topic).stream().map(record -> header(record, CloudEventHeaders.ID)).toList();
    }

    private static void assertExactlyOnce(List<String> onTopic, Set<String> booked) {
        assertThat(onTopic).as("no credit twice").doesNotHaveDuplicates();
        assertThat(Set.copyOf(onTopic)).as("every booked credit").isEqualTo(booked);
    }
}
