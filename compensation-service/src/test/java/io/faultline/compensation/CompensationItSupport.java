package io.faultline.compensation;

import io.faultline.common.events.ChargeComponent;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.OutageResolved;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.Plan;
import io.faultline.common.events.PlanType;
import io.faultline.common.events.Service;
import io.faultline.common.events.Subscriber;
import io.faultline.common.serde.CloudEventHeaders;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.KafkaBroker;
import io.faultline.testsupport.Postgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the compensation integration tests share: the real broker and PostgreSQL, a producer and an admin client,
 * the subscriber mix they publish, the independent credit computation, and ledger and topic readers.
 */
abstract class CompensationItSupport {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Instant OUTAGE_START = Instant.parse("2018-12-06T04:30:00Z");
    static final Instant UPDATED_AT = Instant.parse("2018-11-01T00:00:00Z");

    static final KafkaBroker KAFKA = KafkaBroker.shared();
    static final Postgres POSTGRES = Postgres.shared();

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static KafkaProducer<String, byte[]> producer;
    static Admin admin;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void clients() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        admin.close();
    }

    /**
     * The i-th line of a mix of brands (every 4th skylark), plan types (every 5th pay-as-you-go), plans without
     * data (every 7th) and airtime charges, with a handset charge that no credit may include.
     */
    static Subscriber subscriber(String id, int i, String region, Set<String> platforms, String billingAccount,
                                 boolean vulnerable) {
        String brand = i % 4 == 0 ? "skylark" : "meridian";
        PlanType type = i % 5 == 0 ? PlanType.PAY_AS_YOU_GO : PlanType.PAY_MONTHLY;
        Set<Service> services = i % 7 == 0 ? Set.of(Service.VOICE, Service.SMS)
                : Set.of(Service.VOICE, Service.SMS, Service.DATA);
        List<ChargeComponent> charges = type == PlanType.PAY_MONTHLY
                ? List.of(new ChargeComponent("airtime", 1000 + (i % 5) * 150), new ChargeComponent("handset", 2500))
                : List.of();
        Plan plan = new Plan(type == PlanType.PAY_MONTHLY ? "PM-" + (i % 5) : "PAYG", type, "GBP", charges, services,
                i % 3 == 0);
        return new Subscriber(id, "447700" + "%06d".formatted(i), "line" + i + "@example.com", "en", brand,
                billingAccount, "consumer", plan, region, platforms, null, vulnerable, UPDATED_AT);
    }

    /** Worked out independently of the policy class: 2 days of airtime over the 31 days of December, HALF_UP. */
    static Map<String, Long> expectedCredits(List<Subscriber> base, Set<String> regions, Set<String> elements) {
        Map<String, Long> expected = new TreeMap<>();
        for (Subscriber s : base) {
            boolean inScope = regions.contains(s.homeRegion()) || s.platforms().stream().anyMatch(elements::contains);
            boolean eligible = inScope && s.brand().equals("meridian") && s.plan().type() == PlanType.PAY_MONTHLY
                    && s.plan().services().contains(Service.DATA);
            if (eligible) {
                long airtime = s.plan().charge("airtime").orElseThrow().monthlyMinor();
                expected.put(s.subscriberId(), BigDecimal.valueOf(airtime * 2)
                        .divide(BigDecimal.valueOf(31), 0, RoundingMode.HALF_UP).longValueExact());
            }
        }
        return expected;
    }

    /** A data outage that started at {@link #OUTAGE_START}; open while {@code endedAt} is null. */
    static OutageSnapshot outage(String id, long version, Set<String> regions, Set<String> elements,
                                 Instant endedAt) {
        return new OutageSnapshot(id, version, "Mobile data unavailable", OutageSeverity.CRITICAL,
                new OutageScope(Set.of(Service.DATA), regions, elements), OUTAGE_START, OUTAGE_START.plusSeconds(300),
                endedAt, new Evidence(List.of("ALM-42"), 5_000, 120, 0.99), 32_000, "Data is down");
    }

    static OutageResolved resolved(OutageSnapshot outage) {
        return new OutageResolved(outage.endedAt(), outage);
    }

    Map<String, Long> creditsOf(String outageId) {
        Map<String, Long> credits = new TreeMap<>();
        jdbc.query("SELECT subscriber_id, amount_minor FROM credit WHERE outage_id = ?",
                rs -> {
                    credits.put(rs.getString(1), rs.getLong(2));
                }, outageId);
        return credits;
    }

    int count(String sql) {
        Integer count = jdbc.queryForObject(sql, Integer.class);
        return count == null ? 0 : count;
    }

    /** A subscribers.v1 record as CRM would publish it, CloudEvents headers included. */
    static ProducerRecord<String, byte[]> subscriberRecord(Subscriber s) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SUBSCRIBERS.name(), s.subscriberId(), null);
        byte[] value = new EventSerializer<Subscriber>("/faultline/crm").serialize(record.topic(), record.headers(), s);
        return new ProducerRecord<>(record.topic(), null, s.subscriberId(), value, record.headers());
    }

    static void publishSubscribers(List<Subscriber> subscribers) {
        for (Subscriber s : subscribers) {
            producer.send(subscriberRecord(s));
        }
        producer.flush();
    }

    static <T extends FaultlineEvent> void send(String topic, String key, T event) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, null);
        byte[] value = new EventSerializer<T>("/faultline/test").serialize(topic, record.headers(), event);
        producer.send(new ProducerRecord<>(topic, null, key, value, record.headers())).get();
    }

    /** Every committed record of a topic, in partition and offset order. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** A request to the service on {@code port}, with HTTP basic {@code user:password} credentials unless null. */
    static HttpRequest.Builder request(int port, String path, String credentials) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (credentials != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    /** Sends a request and reads the answer as text. */
    static HttpResponse<String> call(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        return CloudEventHeaders.read(record.headers(), name).orElse(null);
    }
}
