package io.faultline.notifier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.faultline.testsupport.WebhookReceiver;
import io.faultline.testsupport.WebhookReceiver.Post;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final List<NoticeReceipt> receipts = new CopyOnWriteArrayList<>();
    private final AtomicInteger voltaCalls = new AtomicInteger();
    private final Map<String, WebhookReceiver> partners = new ConcurrentHashMap<>();
    private PartnerWebhookListeners listeners;

    @BeforeEach
    void start() {
        for (String partner : List.of("skylark", "volta", "roamco", "lyra")) {
            WebhookReceiver receiver = WebhookReceiver.start(SECRET);
            receiver.answer(switch (partner) {
                case "volta" -> () -> voltaCalls.incrementAndGet() <= 2 ? 503 : 200;
                case "roamco" -> () -> 400;
                case "lyra" -> () -> 500;
                default -> () -> 204;
            });
            partners.put(partner, receiver);
        }
        broker.createTopic(Topics.OUTAGES.name(), 1);
        broker.createTopic(PartnerWebhookListeners.DEAD_LETTER_TOPIC, 1);
    }

    @AfterEach
    void stop() {
        if (listeners != null) {
            listeners.stop();
        }
        partners.values().forEach(WebhookReceiver::close);
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
            assertThat(post.signatureValid()).as("signature of %s", post.eventId()).isTrue();
            assertThat(EventJson.read(post.body(), OutageEvent.class).outage().outageId()).isEqualTo(outageId);
        }
        assertThat(partners.values()).allSatisfy(partner -> assertThat(partner.posts())
                .allMatch(Post::signatureValid));
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

    private Partner partner(String name, int maxAttempts) {
        return new Partner(name, partners.get(name).url("/" + name), SECRET, maxAttempts, Duration.ofMillis(100));
    }

    private List<Post> postsOf(String partner, String outageId) {
        return partners.get(partner).posts().stream()
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
