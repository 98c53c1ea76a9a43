package io.faultline.notifier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.faultline.common.events.Evidence;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.NoticeChannel;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.NoticeState;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageScope;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageSnapshot;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.DeadLetterHeaders;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.testsupport.KafkaBroker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Partner webhooks against a real broker and real HTTP endpoints: every outage event reaches every partner signed,
 * in order; a partner failing for a while gets it on a retry; a partner refusing it, or failing past its attempts,
 * sends it to the dead-letter topic with the reason, without holding up the others.
 */
class PartnerWebhooksIT {

    private static final String SECRET = "partner-secret-0123456789";
    private static final Instant T0 = Instant.parse("2012-07-06T14:00:00Z");

    private final KafkaBroker broker = KafkaBroker.shared();
    private final Map<String, List<Post>> posts = new ConcurrentHashMap<>();
    private final List<NoticeReceipt> receipts = new CopyOnWriteArrayList<>();
    private final AtomicInteger flakyCalls = new AtomicInteger();
    private HttpServer server;
    private PartnerWebhookListeners listeners;

    private record Post(String eventId, String eventType, String signature, byte[] body) {
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String partner : List.of("skylark", "volta", "roamco", "lyra")) {
            server.createContext("/" + partner, exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                posts.computeIfAbsent(partner, p -> new CopyOnWriteArrayList<>()).add(new Post(
                        exchange.getRequestHeaders().getFirst(WebhookClient.EVENT_ID_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookClient.EVENT_TYPE_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body));
                int status = switch (partner) {
                    case "volta" -> flakyCalls.incrementAndGet() <= 2 ? 503 : 200;
                    case "roamco" -> 400;
                    case "lyra" -> 500;
                    default -> 204;
                };
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
        }
        server.start();
        broker.createTopic(Topics.OUTAGES.name(), 1);
        broker.createTopic(PartnerWebhookListeners.DEAD_LETTER_TOPIC, 1);
    }

    @AfterEach
    void stop() {
        if (listeners != null) {
            listeners.stop();
        }
        server.stop(0);
    }

    @Test
    void everyPartnerGetsEveryOutageEventSignedAndInOrderAndTheRefusedOnesAreDeadLettered() throws Exception {
        String outageId = "OUT-WEBHOOK-" + System.nanoTime();
        publish(event(outageId, OutageStatus.DETECTED, 1), event(outageId, OutageStatus.RESOLVED, 2));
        listeners = new PartnerWebhookListeners(List.of(partner("skylark", 3), partner("volta", 4),
                partner("roamco", 4), partner("lyra", 3)), Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new WebhookClient(Clock.systemUTC()), receipts::add, deadLetters(),
                Clock.systemUTC());
        listeners.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> receiptsOf(outageId).size() == 8);

        List<String> ids = List.of(outageId + "-v1", outageId + "-v2");
        assertThat(postsOf("skylark", outageId)).extracting(Post::eventId).containsExactlyElementsOf(ids);
        assertThat(postsOf("skylark", outageId)).extracting(Post::eventType)
                .containsExactly("io.faultline.outage.detected.v1", "io.faultline.outage.resolved.v1");
        for (Post post : postsOf("skylark", outageId)) {
            assertThat(signatureIsValid(post)).as("signature of %s", post.eventId()).isTrue();
            assertThat(EventJson.read(post.body(), OutageEvent.class).outage().outageId()).isEqualTo(outageId);
        }
        assertThat(postsOf("volta", outageId)).as("two failures, then each event once accepted")
                .extracting(Post::eventId).containsExactly(ids.get(0), ids.get(0), ids.get(0), ids.get(1));
        assertThat(postsOf("roamco", outageId)).as("a refusal is not retried").extracting(Post::eventId)
                .containsExactlyElementsOf(ids);
        assertThat(postsOf("lyra", outageId)).as("three attempts each").hasSize(6);

        assertThat(receiptsOf(outageId)).allMatch(receipt -> receipt.channel() == NoticeChannel.WEBHOOK)
                .extracting(receipt -> receipt.subscriberId() + ":" + receipt.stage() + ":" + receipt.state())
                .containsExactlyInAnyOrder("partner-skylark:DETECTED:ACCEPTED", "partner-skylark:RESOLVED:ACCEPTED",
                        "partner-volta:DETECTED:ACCEPTED", "partner-volta:RESOLVED:ACCEPTED",
                        "partner-roamco:DETECTED:FAILED", "partner-roamco:RESOLVED:FAILED",
                        "partner-lyra:DETECTED:FAILED", "partner-lyra:RESOLVED:FAILED");

        List<ConsumerRecord<String, byte[]>> dead = deadLettersOf(outageId, 4);
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("roamco", "roamco", "lyra", "lyra");
        assertThat(dead).allSatisfy(record -> {
            String reason = header(record, DeadLetterHeaders.REASON);
            assertThat(reason).contains(record.key().equals("roamco") ? "HTTP 400" : "HTTP 500");
            assertThat(header(record, PartnerWebhookListeners.PARTNER_HEADER)).isEqualTo(record.key());
        });
    }

    /** Checks the signature as a partner would, from the documentation alone. */
    private static boolean signatureIsValid(Post post) throws Exception {
        String[] parts = post.signature().split(",");
        String timestamp = parts[0].substring("t=".length());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(post.body());
        boolean fresh = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300;
        return fresh && MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts[1].substring("v1=".length())));
    }

    private Partner partner(String name, int maxAttempts) {
        return new Partner(name, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name), SECRET,
                maxAttempts, Duration.ofMillis(100));
    }

    private List<Post> postsOf(String partner, String outageId) {
        return posts.getOrDefault(partner, List.of()).stream()
                .filter(post -> post.eventId().startsWith(outageId + "-")).toList();
    }

    private List<NoticeReceipt> receiptsOf(String outageId) {
        return receipts.stream().filter(receipt -> receipt.outageId().equals(outageId)).toList();
    }

    private static OutageEvent event(String outageId, OutageStatus status, long version) {
        Instant end = status == OutageStatus.RESOLVED ? T0.plusSeconds(3600) : null;
        OutageSnapshot snapshot = new OutageSnapshot(outageId, version, "Calls and SMS unavailable nationwide",
                OutageSeverity.CRITICAL, new OutageScope(Set.of(Service.VOICE, Service.SMS), Set.of("north"),
                Set.of("HLR-1")), T0, T0, end, new Evidence(List.of("ALM-1"), 0, 0, 0.9), 26_000_000, null);
        return OutageEvent.of(status, end == null ? T0 : end, snapshot);
    }

    private void publish(OutageEvent... events) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (OutageEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.OUTAGES.name(), event.outage().outageId(),
                        EventJson.write(event))).get();
            }
        }
    }

    private KafkaTemplate<String, Object> deadLetters() {
        Serializer<Object> events = (topic, value) -> EventJson.write((FaultlineEvent) value);
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), events));
    }

    private List<ConsumerRecord<String, byte[]>> deadLettersOf(String outageId, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "webhooks-it-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(PartnerWebhookListeners.DEAD_LETTER_TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (EventJson.read(record.value(), OutageEvent.class).outage().outageId().equals(outageId)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
