package io.faultline.detector.noc;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageSeverity;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.events.Service;
import io.faultline.common.serde.EventJson;
import io.faultline.common.topics.Topics;
import io.faultline.detector.streams.DetectorTopology;
import io.faultline.testsupport.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The NOC API on a real broker: authenticated users declare, annotate, merge and resolve outages; the outage
 * manager applies each command once and publishes it on outages.v1 with the user as actor; bad requests write
 * nothing.
 * <p>
 * This class runs its own broker rather than {@link KafkaBroker#shared()}: {@code VesEventListenerIT} counts every
 * DETECTED event on outages.v1 of the shared broker from the beginning, and its cached application would apply
 * these NOC commands a second time. The context is closed after the class for the same reason.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NocApiIT {

    private static final String NOC_USER = "noc-it";
    private static final String NOC_PASSWORD = "noc-it-secret";
    private static final String VIEWER = "viewer-it";
    private static final String VIEWER_PASSWORD = "viewer-it-secret";
    private static KafkaBroker broker;
    private static OutageEvents events;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> broker().bootstrapServers());
        registry.add("spring.kafka.streams.state-dir", NocApiIT::uncheckedTempDir);
        registry.add("spring.kafka.streams.application-id", () -> "detector-noc-it");
        // one property source for the whole list: Spring Boot does not merge list elements across sources
        registry.add("faultline.detector.noc.users[0].username", () -> NOC_USER);
        registry.add("faultline.detector.noc.users[0].password", () -> "{noop}" + NOC_PASSWORD);
        registry.add("faultline.detector.noc.users[0].roles[0]", () -> "NOC");
        registry.add("faultline.detector.noc.users[1].username", () -> VIEWER);
        registry.add("faultline.detector.noc.users[1].password",
                () -> new BCryptPasswordEncoder(4).encode(VIEWER_PASSWORD));
        registry.add("faultline.detector.noc.users[1].roles[0]", () -> "VIEWER");
    }

    private static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "noc-it-kafka-shutdown"));
        }
        return broker;
    }

    private static String uncheckedTempDir() {
        try {
            return Files.createTempDirectory("detector-noc-it").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeEach
    void detectorReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get("/api/noc/outages", NOC_USER, NOC_PASSWORD);
            if (last.statusCode() == 200) {
                synchronized (NocApiIT.class) {
                    if (events == null) {
                        events = new OutageEvents(broker().bootstrapServers());
                    }
                }
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the NOC API did not become ready, last answer " + (last == null ? null
                : last.statusCode() + " " + last.body()));
    }

    @AfterAll
    static void stopConsuming() {
        if (events != null) {
            events.close();
            events = null;
        }
        // the broker stays up until the JVM exits: the Spring context (closed after this class) still talks to it
    }

    @Test
    void onlyNocUsersReachTheApiWhileProbesStayOpen() throws Exception {
        HttpResponse<String> anonymous = get("/api/noc/outages", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Basic"));
        assertThat(get("/api/noc/outages", NOC_USER, "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/noc/outages", VIEWER, VIEWER_PASSWORD).statusCode()).isEqualTo(403);
        assertThat(post("/api/noc/outages", declaration("Viewer try", "it-auth"), VIEWER, VIEWER_PASSWORD, null)
                .statusCode()).isEqualTo(403);
        assertThat(get("/api/noc/outages", NOC_USER, NOC_PASSWORD).statusCode()).isEqualTo(200);

        assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/api/topology/size", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/api/outages/open", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/metrics", null, null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics", NOC_USER, NOC_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(post("/eventListener/v7", "{}", null, null, null).statusCode())
                .as("the VES listener answers with its own credentials check").isEqualTo(401);
    }

    @Test
    void declareAnnotateAndResolveAreRecordedWithTheirActor() throws Exception {
        HttpResponse<String> declared = post("/api/noc/outages", """
                {"title":"Mobile data down in it-life","severity":"MINOR","services":["DATA","SMS"],
                 "regions":["it-life"],"publicMessage":"We are investigating","note":"PGW alarms storm"}""",
                NOC_USER, NOC_PASSWORD, null);
        assertThat(declared.statusCode()).isEqualTo(202);
        String id = json(declared).path("outageId").asString();
        assertThat(id).startsWith("OUT-").contains("-NOC-");
        assertThat(json(declared).path("action").asString()).isEqualTo("DECLARE");
        assertThat(declared.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/noc/outages/" + id));

        OutageEvent detected = events.awaitOne(id, OutageStatus.DETECTED);
        assertThat(detected.change().actor()).isEqualTo(NOC_USER);
        assertThat(detected.change().action()).isEqualTo("DECLARE");
        assertThat(detected.change().note()).isEqualTo("PGW alarms storm");
        assertThat(detected.outage().version()).isEqualTo(1);
        assertThat(detected.outage().title()).isEqualTo("Mobile data down in it-life");
        assertThat(detected.outage().severity()).isEqualTo(OutageSeverity.MINOR);
        assertThat(detected.outage().scope().services()).containsExactlyInAnyOrder(Service.DATA, Service.SMS);
        assertThat(detected.outage().scope().regions()).containsExactly("it-life");
        assertThat(detected.outage().publicMessage()).isEqualTo("We are investigating");

        Instant eta = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(post("/api/noc/outages/" + id + "/annotations", "{\"publicMessage\":\"Engineers on site\","
                + "\"eta\":\"" + eta + "\"}", NOC_USER, NOC_PASSWORD, null).statusCode()).isEqualTo(202);
        OutageEvent updated = events.awaitOne(id, OutageStatus.UPDATED);
        assertThat(updated.outage().version()).isEqualTo(2);
        assertThat(updated.outage().publicMessage()).isEqualTo("Engineers on site");
        assertThat(updated.outage().eta()).isEqualTo(eta);
        assertThat(updated.change().action()).isEqualTo("ANNOTATE");
        assertThat(updated.change().actor()).isEqualTo(NOC_USER);

        JsonNode outage = json(get("/api/noc/outages/" + id, NOC_USER, NOC_PASSWORD));
        assertThat(outage.path("status").asString()).isEqualTo("UPDATED");
        assertThat(outage.path("version").asLong()).isEqualTo(2);
        assertThat(outage.path("manual").asBoolean()).isTrue();
        assertThat(outage.path("publicMessage").asString()).isEqualTo("Engineers on site");
        assertThat(Instant.parse(outage.path("eta").asString())).isEqualTo(eta);
        assertThat(outage.path("activeElements").isArray()).isTrue();
        assertThat(kinds(outage)).containsExactly("DECLARE", "UPDATED");
        assertThat(outage.path("timeline").valueStream().map(entry -> entry.path("actor").asString()))
                .containsOnly(NOC_USER);
        assertThat(ids(get("/api/noc/outages", NOC_USER, NOC_PASSWORD))).contains(id);

        assertThat(post("/api/noc/outages/" + id + "/resolve", "{\"note\":\"PGW restarted\"}", NOC_USER,
                NOC_PASSWORD, null).statusCode()).isEqualTo(202);
        OutageEvent resolved = events.awaitOne(id, OutageStatus.RESOLVED);
        assertThat(resolved.outage().version()).isEqualTo(3);
        assertThat(resolved.outage().endedAt()).isNotNull();
        assertThat(resolved.change().action()).isEqualTo("RESOLVE");
        assertThat(resolved.change().note()).isEqualTo("PGW restarted");
        assertThat(resolved.change().actor()).isEqualTo(NOC_USER);

        JsonNode ended = json(get("/api/noc/outages/" + id, NOC_USER, NOC_PASSWORD));
        assertThat(ended.path("status").asString()).isEqualTo("RESOLVED");
        assertThat(kinds(ended)).containsExactly("DECLARE", "UPDATED", "RESOLVED");
        assertThat(ids(get("/api/noc/outages", NOC_USER, NOC_PASSWORD))).doesNotContain(id);
        assertThat(ids(get("/api/noc/outages?state=all", NOC_USER, NOC_PASSWORD))).contains(id);

        HttpResponse<String> late = post("/api/noc/outages/" + id + "/annotations", "{\"publicMessage\":\"x\"}",
                NOC_USER, NOC_PASSWORD, null);
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("detail").asString()).contains("is RESOLVED");
        assertThat(post("/api/noc/outages/" + id + "/resolve", "", NOC_USER, NOC_PASSWORD, null).statusCode())
                .isEqualTo(409);
    }

    @Test
    void aMergeEndsTheSourceIntoTheTarget() throws Exception {
        String source = declare("Voice down in it-merge-a", "it-merge-a");
        String target = declare("Voice down in it-merge-b", "it-merge-b");
        events.awaitOne(source, OutageStatus.DETECTED);
        events.awaitOne(target, OutageStatus.DETECTED);

        assertThat(post("/api/noc/outages/" + source + "/merge", "{\"into\":\"" + source + "\"}", NOC_USER,
                NOC_PASSWORD, null).statusCode()).isEqualTo(409);
        assertThat(post("/api/noc/outages/" + source + "/merge", "{\"into\":\"OUT-nope\"}", NOC_USER, NOC_PASSWORD,
                null).statusCode()).isEqualTo(404);
        assertThat(post("/api/noc/outages/" + source + "/merge", "{\"into\":\"" + target + "\",\"note\":\"same "
                + "MSC\"}", NOC_USER, NOC_PASSWORD, null).statusCode()).isEqualTo(202);

        OutageEvent widened = events.awaitOne(target, OutageStatus.UPDATED);
        assertThat(widened.outage().scope().regions()).containsExactlyInAnyOrder("it-merge-a", "it-merge-b");
        assertThat(widened.change().action()).isEqualTo("MERGE");
        assertThat(widened.change().actor()).isEqualTo(NOC_USER);
        OutageEvent ended = events.awaitOne(source, OutageStatus.RESOLVED);
        assertThat(ended.outage().mergedInto()).isEqualTo(target);
        assertThat(ended.change().action()).isEqualTo("MERGE");

        JsonNode merged = json(get("/api/noc/outages/" + source, NOC_USER, NOC_PASSWORD));
        assertThat(merged.path("status").asString()).isEqualTo("RESOLVED");
        assertThat(merged.path("mergedInto").asString()).isEqualTo(target);
        assertThat(post("/api/noc/outages/" + target + "/merge", "{\"into\":\"" + source + "\"}", NOC_USER,
                NOC_PASSWORD, null).statusCode()).as("into a closed outage").isEqualTo(409);
        assertThat(post("/api/noc/outages/" + source + "/merge", "{\"into\":\"" + target + "\"}", NOC_USER,
                NOC_PASSWORD, null).statusCode()).as("a closed source").isEqualTo(409);
    }

    @Test
    void aRetriedRequestActsOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = declaration("SMS down in it-retry", "it-retry");
        HttpResponse<String> first = post("/api/noc/outages", body, NOC_USER, NOC_PASSWORD, key);
        HttpResponse<String> second = post("/api/noc/outages", body, NOC_USER, NOC_PASSWORD, key);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(202);
        String id = json(first).path("outageId").asString();
        assertThat(json(first).path("commandId").asString()).isEqualTo(key);
        assertThat(json(second).path("outageId").asString()).isEqualTo(id);
        assertThat(post("/api/noc/outages", declaration("Another title", "it-retry"), NOC_USER, NOC_PASSWORD, key)
                .statusCode()).as("the key reused for another request").isEqualTo(422);
        events.awaitOne(id, OutageStatus.DETECTED);

        String resolveKey = UUID.randomUUID().toString();
        assertThat(post("/api/noc/outages/" + id + "/resolve", "{}", NOC_USER, NOC_PASSWORD, resolveKey)
                .statusCode()).isEqualTo(202);
        events.awaitOne(id, OutageStatus.RESOLVED);
        assertThat(post("/api/noc/outages/" + id + "/resolve", "{}", NOC_USER, NOC_PASSWORD, resolveKey)
                .statusCode()).as("retried after it was applied: answered, not refused").isEqualTo(202);
        assertThat(post("/api/noc/outages", body, NOC_USER, NOC_PASSWORD, key).statusCode()).isEqualTo(202);

        // commands are applied in order: once this later declaration is out, any duplicate would be too
        String marker = declare("Marker in it-retry", "it-retry");
        events.awaitOne(marker, OutageStatus.DETECTED);
        assertThat(events.of(id)).extracting(OutageEvent::status)
                .containsExactly(OutageStatus.DETECTED, OutageStatus.RESOLVED);
    }

    @Test
    void badRequestsAreRefusedAndWriteNothing() throws Exception {
        HttpResponse<String> noServices = post("/api/noc/outages", "{\"regions\":[\"it-bad\"]}", NOC_USER,
                NOC_PASSWORD, null);
        assertThat(noServices.statusCode()).isEqualTo(400);
        assertThat(noServices.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(noServices).path("detail").asString()).contains("'services' is required");
        assertThat(json(post("/api/noc/outages", "{\"services\":[\"FAX\"],\"regions\":[\"it-bad\"]}", NOC_USER,
                NOC_PASSWORD, null)).path("detail").asString()).contains("unknown services 'FAX'");
        assertThat(post("/api/noc/outages", "{\"services\":[\"DATA\"],\"severity\":\"HUGE\",\"regions\":"
                + "[\"it-bad\"]}", NOC_USER, NOC_PASSWORD, null).statusCode()).isEqualTo(400);
        assertThat(post("/api/noc/outages", "{\"services\":[\"DATA\"],\"regions\":[\"it-bad\"],\"eta\":\"soon\"}",
                NOC_USER, NOC_PASSWORD, null).statusCode()).isEqualTo(400);
        assertThat(post("/api/noc/outages", "{\"services\":[\"DATA\"],\"regions\":[\"it-bad\"]", NOC_USER,
                NOC_PASSWORD, null).statusCode()).as("malformed JSON").isEqualTo(400);
        assertThat(post("/api/noc/outages", declaration("Bad key", "it-bad"), NOC_USER, NOC_PASSWORD, "no way")
                .statusCode()).isEqualTo(400);
        assertThat(get("/api/noc/outages?state=closed", NOC_USER, NOC_PASSWORD).statusCode()).isEqualTo(400);

        assertThat(get("/api/noc/outages/OUT-it-bad-unknown", NOC_USER, NOC_PASSWORD).statusCode()).isEqualTo(404);
        assertThat(post("/api/noc/outages/OUT-it-bad-unknown/annotations", "{\"publicMessage\":\"x\"}", NOC_USER,
                NOC_PASSWORD, null).statusCode()).isEqualTo(404);
        assertThat(post("/api/noc/outages/OUT-it-bad-unknown/resolve", "", NOC_USER, NOC_PASSWORD, null)
                .statusCode()).isEqualTo(404);
        assertThat(post("/api/noc/outages/OUT-it-bad-unknown/annotations", "{}", NOC_USER, NOC_PASSWORD, null)
                .statusCode()).as("nothing to annotate with").isEqualTo(400);

        assertThat(commandsMentioning("it-bad")).isZero();
    }

    // ---- helpers ----

    private String declare(String title, String region) throws Exception {
        HttpResponse<String> response = post("/api/noc/outages", declaration(title, region), NOC_USER, NOC_PASSWORD,
                null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("outageId").asString();
    }

    private static String declaration(String title, String region) {
        return "{\"title\":\"" + title + "\",\"services\":[\"VOICE\"],\"regions\":[\"" + region + "\"]}";
    }

    private HttpResponse<String> get(String path, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String user, String password, String key)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", basic(user, password));
        }
        if (key != null) {
            request.header(NocOutageController.IDEMPOTENCY_KEY, key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return EventJson.readTree(response.body().getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> kinds(JsonNode outage) {
        return outage.path("timeline").valueStream().map(entry -> entry.path("kind").asString()).toList();
    }

    private static List<String> ids(HttpResponse<String> list) {
        assertThat(list.statusCode()).isEqualTo(200);
        return json(list).valueStream().map(outage -> outage.path("id").asString()).toList();
    }

    private static long commandsMentioning(String text) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker().bootstrapServers()), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DetectorTopology.NOC_COMMANDS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long found = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().contains(text)) {
                        found++;
                    }
                }
            }
            return found;
        }
    }

    /** Every event on outages.v1 (read_committed), collected in the background from the beginning. */
    private static final class OutageEvents implements AutoCloseable {

        private final List<OutageEvent> seen = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        OutageEvents(String bootstrapServers) {
            thread = new Thread(() -> consume(bootstrapServers), "noc-it-outages");
            thread.setDaemon(true);
            thread.start();
        }

        private void consume(String bootstrapServers) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(Topics.OUTAGES.name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    consumer.poll(Duration.ofMillis(100)).forEach(record ->
                            seen.add(EventJson.read(record.value(), OutageEvent.class)));
                }
            }
        }

        List<OutageEvent> of(String outageId) {
            return seen.stream().filter(event -> event.outage().outageId().equals(outageId)).toList();
        }

        /** Waits for the event of this outage in this stage and checks it is the only one. */
        OutageEvent awaitOne(String outageId, OutageStatus status) throws InterruptedException {
            Predicate<OutageEvent> wanted = event -> event.outage().outageId().equals(outageId)
                    && event.status() == status;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            List<OutageEvent> found = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                found = seen.stream().filter(wanted).toList();
                if (!found.isEmpty()) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(found).as("%s of %s on outages.v1, seen: %s", status, outageId, of(outageId)).hasSize(1);
            return found.getFirst();
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
