package io.faultline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.SampleEvents;
import io.faultline.common.events.CreditGranted;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.OutageStatus;
import io.faultline.common.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudEventHeadersTest {

    static final String SOURCE = "/faultline/detector-service";

    static Stream<FaultlineEvent> samples() {
        return SampleEvents.all().stream();
    }

    static String header(Headers headers, String name) {
        return CloudEventHeaders.read(headers, name).orElseThrow(() -> new AssertionError("no header " + name));
    }

    static List<String> keys(Headers headers) {
        List<String> keys = new ArrayList<>();
        headers.forEach(h -> keys.add(h.key()));
        return keys;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] serialize(FaultlineEvent event, Headers headers) {
        EventSerializer serializer = new EventSerializer<>(SOURCE);
        return serializer.serialize(SampleEvents.topicOf(event).name(), headers, event);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void serializeStampsTheCloudEventsAttributes(FaultlineEvent event) {
        Headers headers = new RecordHeaders();
        byte[] body = serialize(event, headers);

        assertThat(header(headers, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(header(headers, CloudEventHeaders.ID)).isEqualTo(event.eventId()).isNotBlank();
        assertThat(header(headers, CloudEventHeaders.TYPE)).isEqualTo(event.eventType().ceType())
                .matches("io\\.faultline\\.[a-z0-9.-]+\\.v[1-9][0-9]*");
        assertThat(header(headers, CloudEventHeaders.SOURCE)).isEqualTo(SOURCE);
        assertThat(Instant.parse(header(headers, CloudEventHeaders.TIME))).isEqualTo(event.occurredAt());
        assertThat(header(headers, CloudEventHeaders.SUBJECT)).isEqualTo(event.subject()).isNotBlank();
        assertThat(header(headers, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(body).isEqualTo(EventJson.write(event));
    }

    @Test
    void outageStagesHaveTheirOwnTypeAndAVersionedId() {
        for (OutageEvent event : SampleEvents.outageEvents()) {
            Headers headers = new RecordHeaders();
            serialize(event, headers);
            assertThat(header(headers, CloudEventHeaders.TYPE))
                    .isEqualTo("io.faultline.outage." + event.status().name().toLowerCase() + ".v1");
            assertThat(header(headers, CloudEventHeaders.ID))
                    .isEqualTo(SampleEvents.OUTAGE_ID + "-v" + event.outage().version());
            assertThat(header(headers, CloudEventHeaders.SUBJECT)).isEqualTo(SampleEvents.OUTAGE_ID);
        }
        Headers detected = new RecordHeaders();
        serialize(SampleEvents.outageDetected(), detected);
        assertThat(header(detected, CloudEventHeaders.TYPE)).isEqualTo("io.faultline.outage.detected.v1");
        assertThat(header(detected, CloudEventHeaders.TIME)).isEqualTo("2018-12-06T04:41:12Z");
    }

    @Test
    void theCeIdOfTheSameFactIsTheSame() {
        Headers first = new RecordHeaders();
        Headers second = new RecordHeaders();
        serialize(SampleEvents.creditGranted(), first);
        serialize(SampleEvents.creditGranted(), second);
        assertThat(header(first, CloudEventHeaders.ID)).isEqualTo(header(second, CloudEventHeaders.ID))
                .isEqualTo(SampleEvents.creditGranted().creditId());
        assertThat(header(first, CloudEventHeaders.TYPE)).isEqualTo(CreditGranted.TYPE.ceType())
                .isEqualTo("io.faultline.credit.granted.v1");
    }

    @Test
    void reSerializingReplacesTheHeadersInsteadOfDuplicatingThem() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
                .getBytes(StandardCharsets.UTF_8));
        serialize(SampleEvents.outageDetected(), headers);
        serialize(SampleEvents.outageResolved(), headers);
        serialize(SampleEvents.outageResolved(), headers);

        List<String> keys = keys(headers);
        assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrder("traceparent",
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE, CloudEventHeaders.TIME, CloudEventHeaders.SUBJECT,
                CloudEventHeaders.CONTENT_TYPE);
        assertThat(header(headers, CloudEventHeaders.TYPE)).isEqualTo("io.faultline.outage.resolved.v1");
        assertThat(header(headers, CloudEventHeaders.ID)).isEqualTo(SampleEvents.outageResolved().eventId());
        assertThat(header(headers, "traceparent")).startsWith("00-4bf92f35");
    }

    @Test
    void staleHeadersOfAnotherEventAreReplaced() {
        Headers headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "stale-1".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.ID, "stale-2".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, "io.faultline.other.v9".getBytes(StandardCharsets.UTF_8));
        serialize(SampleEvents.subscriber(), headers);
        assertThat(keys(headers)).doesNotHaveDuplicates();
        assertThat(header(headers, CloudEventHeaders.ID)).isEqualTo(SampleEvents.subscriber().eventId());
        assertThat(header(headers, CloudEventHeaders.TYPE)).isEqualTo("io.faultline.subscriber.v1");
    }

    @Test
    void serializingWithoutHeadersOrATombstoneStampsNothing() {
        EventSerializer<FaultlineEvent> serializer = new EventSerializer<>(SOURCE);
        assertThat(serializer.serialize("subscribers.v1", SampleEvents.subscriber()))
                .isEqualTo(EventJson.write(SampleEvents.subscriber()));
        assertThat(serializer.serialize("subscribers.v1", (FaultlineEvent) null)).isNull();

        Headers headers = new RecordHeaders();
        assertThat(serializer.serialize("subscribers.v1", headers, null)).isNull();
        assertThat(headers.toArray()).isEmpty();
        assertThat(serializer.serialize("subscribers.v1", null, SampleEvents.subscriber()))
                .isEqualTo(EventJson.write(SampleEvents.subscriber()));
    }

    @Test
    void theTopicSerdeStampsItsSource() {
        Headers headers = new RecordHeaders();
        byte[] body = Topics.OUTAGES.serde("/faultline/detector-service").serializer()
                .serialize(Topics.OUTAGES.name(), headers, SampleEvents.outageUpdated());
        assertThat(header(headers, CloudEventHeaders.SOURCE)).isEqualTo("/faultline/detector-service");
        assertThat(header(headers, CloudEventHeaders.TYPE)).isEqualTo("io.faultline.outage.updated.v1");
        OutageEvent back = Topics.OUTAGES.serde("/x").deserializer().deserialize(Topics.OUTAGES.name(), headers, body);
        assertThat(back.status()).isEqualTo(OutageStatus.UPDATED);
    }

    @Test
    void readIsEmptyForAMissingHeader() {
        assertThat(CloudEventHeaders.read(new RecordHeaders(), CloudEventHeaders.ID)).isEmpty();
        assertThat(CloudEventHeaders.read(null, CloudEventHeaders.ID)).isEmpty();
    }

    @Test
    void deadLetterHeadersDescribeTheRejectedRecord() {
        Headers headers = new RecordHeaders();
        serialize(SampleEvents.outageDetected(), headers);
        InvalidEventException error = new InvalidEventException(
                "outages.v1: invalid OutageEvent: missing required field 'outageId' (at 'outage')");
        DeadLetterHeaders.describe(headers, "outages.v1", 3, 1_234_567L, new RuntimeException("wrapped", error),
                "notifier-service");
        DeadLetterHeaders.describe(headers, "outages.v1", 3, 1_234_567L, new RuntimeException("wrapped", error),
                "notifier-service");

        assertThat(keys(headers)).doesNotHaveDuplicates();
        assertThat(header(headers, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("outages.v1");
        assertThat(ByteBuffer.wrap(headers.lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION).value()).getInt())
                .isEqualTo(3);
        assertThat(ByteBuffer.wrap(headers.lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET).value()).getLong())
                .isEqualTo(1_234_567L);
        assertThat(header(headers, DeadLetterHeaders.EXCEPTION_FQCN)).isEqualTo(RuntimeException.class.getName());
        assertThat(header(headers, DeadLetterHeaders.REJECTED_BY)).isEqualTo("notifier-service");
        assertThat(header(headers, DeadLetterHeaders.REASON)).isEqualTo(error.getMessage());
        assertThat(header(headers, CloudEventHeaders.ID)).isEqualTo(SampleEvents.outageDetected().eventId());
    }
}
