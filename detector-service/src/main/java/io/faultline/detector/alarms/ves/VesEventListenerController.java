package io.faultline.detector.alarms.ves;

import io.faultline.detector.alarms.AlarmNormalizer;

import io.faultline.common.serde.EventJson;
import io.faultline.common.serde.InvalidEventException;
import io.faultline.common.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The ONAP VES 7.x event listener, so that network functions that already speak VES can post straight to
 * Faultline: {@code POST /eventListener/v7} ({@code {"event": ...}}) and {@code /eventListener/v7/eventBatch}
 * ({@code {"eventList": [...]}}), HTTP basic auth. Fault events are checked with {@link AlarmNormalizer} and
 * written, one record per event keyed by sourceName, to network.alarms.v1 before the answer: 202 Accepted; 400
 * with a VES {@code requestError} naming the problem (nothing of the request is written); 401 without valid
 * credentials. Events of other domains (heartbeat, measurement...) are accepted and counted but not alarms.
 */
@RestController
class VesEventListenerController {

    private final KafkaTemplate<String, String> alarms;
    private final MeterRegistry metrics;
    private final byte[] expectedAuthorization;

    VesEventListenerController(KafkaTemplate<String, String> vesAlarmTemplate, MeterRegistry metrics,
                               @Value("${faultline.detector.ves.username:ves}") String username,
                               @Value("${faultline.detector.ves.password:changeme}") String password) {
        this.alarms = vesAlarmTemplate;
        this.metrics = metrics;
        this.expectedAuthorization = ("Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
    }

    @PostMapping(path = "/eventListener/v7", consumes = "application/json")
    ResponseEntity<?> event(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                            @RequestBody byte[] body) {
        return accept(authorization, body, "event");
    }

    @PostMapping(path = "/eventListener/v7/eventBatch", consumes = "application/json")
    ResponseEntity<?> eventBatch(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                 @RequestBody byte[] body) {
        return accept(authorization, body, "eventList");
    }

    private ResponseEntity<?> accept(String authorization, byte[] body, String field) {
        if (authorization == null || !MessageDigest.isEqual(expectedAuthorization,
                authorization.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"VES event listener\"").build();
        }
        List<JsonNode> faults = new ArrayList<>();
        try {
            JsonNode root = EventJson.readTree(body);
            JsonNode events = root.get(field);
            if (events == null) {
                throw new InvalidEventException("missing required field '" + field + "'");
            }
            List<JsonNode> all = new ArrayList<>();
            if ("eventList".equals(field)) {
                if (!events.isArray() || events.isEmpty()) {
                    throw new InvalidEventException("eventList must be a non-empty array");
                }
                events.forEach(all::add);
            } else {
                all.add(events);
            }
            for (int i = 0; i < all.size(); i++) {
                JsonNode event = all.get(i);
                String domain = event.path("commonEventHeader").path("domain").asString("unknown");
                metrics.counter("faultline.ves.events", "domain", domain).increment();
                if (AlarmNormalizer.isVesFault(event)) {
                    try {
                        AlarmNormalizer.normalize(EventJson.write(Map.of("event", event)));
                    } catch (InvalidEventException e) {
                        throw new InvalidEventException((all.size() > 1 ? "eventList[" + i + "]: " : "") + e.getMessage(), e);
                    }
                    faults.add(event);
                }
            }
        } catch (InvalidEventException e) {
            return ResponseEntity.badRequest().body(Map.of("requestError", Map.of("serviceException", Map.of(
                    "messageId", "SVC0002", "text", "Bad Parameter: %1", "variables", List.of(e.getMessage())))));
        }
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (JsonNode fault : faults) {
            String source = fault.path("commonEventHeader").path("sourceName").asString();
            sent.add(alarms.send(new ProducerRecord<>(Topics.NETWORK_ALARMS.name(), source,
                    EventJson.writeString(Map.of("event", fault)))));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("requestError", Map.of(
                    "serviceException", Map.of("messageId", "SVC1000", "text", "Service error: %1",
                            "variables", List.of("could not store the events; retry")))));
        }
        return ResponseEntity.accepted().build();
    }
}
