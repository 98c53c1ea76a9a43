package io.faultline.detector.alarms.ves;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.ElementType;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.EventSerializer;
import io.faultline.common.topics.Topics;
import io.faultline.detector.alarms.AlarmSamples;
import io.faultline.testsupport.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The detector on a real broker: VES posted to the listener and 3GPP produced to the topic open and clear outages. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VesEventListenerIT {

    private static final Instant T0 = Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ves:changeme".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaBroker.shared().bootstrapServers());
        registry.add("spring.kafka.streams.state-dir", () -> tempDir());
        registry.add("spring.kafka.streams.application-id", () -> "detector-ves-it");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("detector-it").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void vesPostedToTheListenerAnd3gppProducedToTheTopicOpenAndClearOutages() throws Exception {
        publishTopology(new NetworkElement("PGW-IT", ElementType.PACKET_GATEWAY, null, List.of("north"),
                Set.of(Service.DATA), 1_000, T0), new NetworkElement("HLR-IT", ElementType.HLR_HSS, null,
                List.of("north"), Set.of(Service.VOICE, Service.SMS), 5_000, T0));
        awaitTopology(2);

        assertThat(post("/eventListener/v7", AlarmSamples.vesSingle("PGW-IT", "certExpired", "CRITICAL",
                "Fault_PGW_certExpired", T0), AUTH).statusCode()).isEqualTo(202);
        try (KafkaProducer<String, String> anyClient = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            anyClient.send(new ProducerRecord<>(Topics.NETWORK_ALARMS.name(), null,
                    AlarmSamples.threeGpp("notifyNewAlarm", "9001", "HLR-IT", "CRITICAL", T0))).get();
        }
        List<OutageEvent> detected = awaitOutages(e -> e.status() == OutageStatus.DETECTED, 2);
        assertThat(detected).extracting(e -> e.outage().outageId()).containsExactlyInAnyOrder(
                outageId("PGW-IT"), outageId("HLR-IT"));

        assertThat(post("/eventListener/v7/eventBatch", AlarmSamples.vesBatch(
                AlarmSamples.vesFault("PGW-IT", "certExpired", "NORMAL", "Fault_PGW_certExpired", T0.plusSeconds(300))),
                AUTH).statusCode()).isEqualTo(202);
        List<OutageEvent> resolved = awaitOutages(e -> e.status() == OutageStatus.RESOLVED, 1);
        assertThat(resolved.getFirst().outage().outageId()).isEqualTo(outageId("PGW-IT"));
        assertThat(resolved.getFirst().outage().version()).isEqualTo(2);
    }

    @Test
    void theListenerAnswersAsTheVesSpecSays() throws Exception {
        String valid = AlarmSamples.vesSingle("PGW-IT", "x", "MAJOR", "Fault_x", T0);
        assertThat(post("/eventListener/v7", valid, null).statusCode()).isEqualTo(401);
        assertThat(post("/eventListener/v7", valid, "Basic " + Base64.getEncoder().encodeToString("ves:wrong".getBytes()))
                .statusCode()).isEqualTo(401);
        HttpResponse<String> bad = post("/eventListener/v7", AlarmSamples.vesSingle("PGW-IT", "x", "SEVERE", "n", T0), AUTH);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("requestError").contains("SVC0002").contains("eventSeverity 'SEVERE'");
        String heartbeat = valid.replace("\"domain\":\"fault\"", "\"domain\":\"heartbeat\"");
        assertThat(post("/eventListener/v7", heartbeat, AUTH).statusCode()).isEqualTo(202);
    }

    private static String outageId(String element) {
        return "OUT-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(T0) + "-" + element;
    }

    private HttpResponse<String> post(String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void publishTopology(NetworkElement... elements) throws Exception {
        try (KafkaProducer<String, NetworkElement> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()),
                new StringSerializer(), new EventSerializer<>("/test/inventory"))) {
            for (NetworkElement element : elements) {
                producer.send(new ProducerRecord<>(Topics.NETWORK_TOPOLOGY.name(), element.elementId(), element)).get();
            }
        }
    }

    private void awaitTopology(int elements) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/topology/size")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200 && EventJson.readTree(response.body().getBytes(StandardCharsets.UTF_8))
                    .path("elements").asLong() >= elements) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("topology not loaded");
    }

    private List<OutageEvent> awaitOutages(Predicate<OutageEvent> wanted, int count) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTAGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<OutageEvent> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    OutageEvent event = EventJson.read(record.value(), OutageEvent.class);
                    if (wanted.test(event)) {
                        found.add(event);
                    }
                });
            }
            assertThat(found).hasSize(count);
            return found;
        }
    }
}
