package io.faultline.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.faultline.common.SampleEvents;
import io.faultline.common.events.CreditEvent;
import io.faultline.common.events.CustomerComplaint;
import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.events.Invoice;
import io.faultline.common.events.NetworkAlarm;
import io.faultline.common.events.NetworkElement;
import io.faultline.common.events.NoticeReceipt;
import io.faultline.common.events.OutageEvent;
import io.faultline.common.events.Subscriber;
import io.faultline.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class EventJsonTest {

    static Stream<FaultlineEvent> samples() {
        return SampleEvents.all().stream();
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static ObjectNode tree(FaultlineEvent event) {
        return (ObjectNode) EventJson.readTree(EventJson.write(event));
    }

    static <T> T read(JsonNode json, Class<T> type) {
        return EventJson.read(EventJson.write(json), type);
    }

    // ------------------------------------------------------------------------------------------- round trip

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripThroughTheTopicValueTypeGivesAnEqualEvent(FaultlineEvent sample) {
        Class<?> valueType = SampleEvents.topicOf(sample).valueType();
        Object back = EventJson.read(EventJson.write(sample), valueType);
        assertThat(back).isInstanceOf(sample.getClass()).isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripThroughTheConcreteTypeGivesAnEqualEvent(FaultlineEvent sample) {
        assertThat(EventJson.read(EventJson.write(sample), sample.getClass())).isEqualTo(sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripThroughTheSerde(FaultlineEvent sample) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        EventSerde<FaultlineEvent> serde = new EventSerde(SampleEvents.topicOf(sample).valueType(), "/test");
        String topic = SampleEvents.topicOf(sample).name();
        byte[] value = serde.serializer().serialize(topic, sample);
        assertThat(serde.deserializer().deserialize(topic, value)).isEqualTo(sample);
    }

    @Test
    void minimalEventsWithOnlyRequiredFieldsRoundTrip() {
        NetworkAlarm alarm = SampleEvents.anAlarm().minimal().cleared().build();
        assertThat(EventJson.read(EventJson.write(alarm), NetworkAlarm.class)).isEqualTo(alarm);

        CustomerComplaint complaint = SampleEvents.aComplaint().cell(null).build();
        assertThat(EventJson.read(EventJson.write(complaint), CustomerComplaint.class)).isEqualTo(complaint);

        Subscriber payg = SampleEvents.aSubscriber().msisdn(null).email(null).contact(null).platforms()
                .payAsYouGo().vulnerable(false).build();
        assertThat(EventJson.read(EventJson.write(payg), Subscriber.class)).isEqualTo(payg);
    }

    // ------------------------------------------------------------------------------------------- the JSON shape

    @Test
    void instantsAreIsoStringsDatesIsoDatesEnumsNames() {
        ObjectNode complaint = tree(SampleEvents.customerComplaint());
        assertThat(complaint.get("time").isString()).isTrue();
        assertThat(complaint.get("time").asString()).isEqualTo("2018-12-06T04:37:12Z");
        assertThat(complaint.get("service").asString()).isEqualTo("DATA");
        assertThat(complaint.get("channel").asString()).isEqualTo("APP");

        ObjectNode invoice = tree(SampleEvents.invoice());
        assertThat(invoice.get("periodStart").asString()).isEqualTo("2012-10-01");
        assertThat(invoice.get("periodEnd").asString()).isEqualTo("2012-10-31");
    }

    @Test
    void outageEventsCarryTheirStatusAndANestedSnapshot() {
        for (OutageEvent event : SampleEvents.outageEvents()) {
            ObjectNode json = tree(event);
            assertThat(json.get("status").asString()).isEqualTo(event.status().name());
            assertThat(json.get("outage").get("outageId").asString()).isEqualTo(event.outage().outageId());
            assertThat(json.get("outage").get("version").asLong()).isEqualTo(event.outage().version());
            assertThat(json.propertyNames()).containsExactlyInAnyOrder("status", "occurredAt", "outage", "change");
        }
    }

    @Test
    void manualChangesEtaAndMergeTravelWithTheOutageEvent() {
        OutageEvent detected = SampleEvents.outageEvents().get(0);
        var snapshot = detected.outage();
        var merged = new io.faultline.common.events.OutageSnapshot(snapshot.outageId(), snapshot.version() + 1,
                snapshot.title(), snapshot.severity(), snapshot.scope(), snapshot.startedAt(), snapshot.detectedAt(),
                snapshot.startedAt().plusSeconds(3600), snapshot.evidence(), snapshot.estimatedAffected(),
                "Merged", snapshot.startedAt().plusSeconds(7200), "OUT-OTHER");
        OutageEvent manual = OutageEvent.of(io.faultline.common.events.OutageStatus.RESOLVED,
                snapshot.startedAt().plusSeconds(3600), merged,
                new io.faultline.common.events.OutageChange("noc.alice", "MERGE", "same root cause"));

        OutageEvent read = EventJson.read(EventJson.write(manual), OutageEvent.class);

        assertThat(read).isEqualTo(manual);
        assertThat(read.change().actor()).isEqualTo("noc.alice");
        assertThat(read.outage().mergedInto()).isEqualTo("OUT-OTHER");
        assertThat(read.outage().merged()).isTrue();
        assertThat(tree(manual).get("outage").propertyNames()).doesNotContain("merged");
    }

    @Test
    void creditAndHoldEventsCarryTheirEventDiscriminator() {
        assertThat(tree(SampleEvents.creditGranted()).get("event").asString()).isEqualTo("GRANTED");
        assertThat(tree(SampleEvents.invoiceHeld()).get("event").asString()).isEqualTo("HELD");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void derivedMethodsLikeEventIdAreNotSerialized(FaultlineEvent sample) {
        ObjectNode json = tree(sample);
        assertThat(json.propertyNames()).doesNotContain("eventId", "eventType", "subject");
        if (!(sample instanceof NoticeReceipt) && !(sample instanceof OutageEvent)) {
            assertThat(json.propertyNames()).doesNotContain("occurredAt");
        }
    }

    /**
     * The JSON body is exactly the record: its components plus the type discriminator of a sealed family, at
     * every depth. No derived accessor (isClear(), isOpen()...) may leak into the wire contract.
     */
    @ParameterizedTest
    @MethodSource("samples")
    void jsonPropertiesAreExactlyTheRecordComponents(FaultlineEvent sample) {
        List<String> problems = new ArrayList<>();
        compareWithRecord(sample.getClass(), tree(sample), "", problems);
        assertThat(problems).as(EventJson.writeString(sample)).isEmpty();
    }

    private static void compareWithRecord(Class<?> type, JsonNode json, String path, List<String> problems) {
        if (!type.isRecord() || !json.isObject()) {
            return;
        }
        Set<String> expected = new LinkedHashSet<>();
        for (Class<?> i : type.getInterfaces()) {
            for (Class<?> s : i.getInterfaces()) {
                addDiscriminator(s, expected);
            }
            addDiscriminator(i, expected);
        }
        for (var component : type.getRecordComponents()) {
            expected.add(component.getName());
        }
        Set<String> written = new LinkedHashSet<>(json.propertyNames());
        for (String name : written) {
            if (!expected.contains(name)) {
                problems.add(type.getSimpleName() + " writes '" + path + name + "', which is not a record component");
            }
        }
        for (String name : expected) {
            if (!written.contains(name)) {
                problems.add(type.getSimpleName() + " does not write component '" + path + name + "'");
            }
        }
        for (var component : type.getRecordComponents()) {
            JsonNode value = json.get(component.getName());
            if (value == null) {
                continue;
            }
            if (value.isObject()) {
                compareWithRecord(component.getType(), value, path + component.getName() + ".", problems);
            } else if (value.isArray()
                    && component.getGenericType() instanceof java.lang.reflect.ParameterizedType p
                    && p.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (int i = 0; i < value.size(); i++) {
                    compareWithRecord(element, value.get(i), path + component.getName() + "[" + i + "].", problems);
                }
            }
        }
    }

    private static void addDiscriminator(Class<?> type, Set<String> names) {
        JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
        if (info != null) {
            names.add(info.property());
        }
    }

    // ------------------------------------------------------------------------------------------- strictness

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                Arguments.of(SampleEvents.networkAlarm(), "", "sourceId"),
                Arguments.of(SampleEvents.customerComplaint(), "", "subscriberId"),
                Arguments.of(SampleEvents.networkElement(), "", "elementId"),
                Arguments.of(SampleEvents.subscriber(), "", "subscriberId"),
                Arguments.of(SampleEvents.subscriber(), "plan", "planId"),
                Arguments.of(SampleEvents.outageDetected(), "", "occurredAt"),
                Arguments.of(SampleEvents.outageDetected(), "outage", "outageId"),
                Arguments.of(SampleEvents.outageDetected(), "outage", "title"),
                Arguments.of(SampleEvents.outageResolved(), "outage", "endedAt"),
                Arguments.of(SampleEvents.noticeReceipt(), "", "noticeId"),
                Arguments.of(SampleEvents.creditGranted(), "", "billingAccount"),
                Arguments.of(SampleEvents.creditGranted(), "trace", "formula"),
                Arguments.of(SampleEvents.invoice(), "", "periodEnd"),
                Arguments.of(SampleEvents.invoiceHeld(), "", "reason"));
    }

    @ParameterizedTest(name = "{0} without {1}.{2}")
    @MethodSource("requiredFields")
    void aMissingRequiredFieldIsAnErrorNamingTheField(FaultlineEvent sample, String parent, String field) {
        ObjectNode json = tree(sample);
        ObjectNode container = parent.isEmpty() ? json : (ObjectNode) json.get(parent);
        container.remove(field);
        Class<?> valueType = SampleEvents.topicOf(sample).valueType();
        assertThatThrownBy(() -> read(json, valueType))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("missing required field '")
                .hasMessageContaining(field + "'");
    }

    @Test
    void theMessageOfAMissingFieldIsPlainWords() {
        ObjectNode json = tree(SampleEvents.subscriber());
        json.remove("subscriberId");
        assertThatThrownBy(() -> read(json, Subscriber.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("invalid Subscriber: missing required field 'subscriberId'");
    }

    @Test
    void aBlankRequiredTextIsAnError() {
        ObjectNode json = tree(SampleEvents.invoice());
        json.put("accountId", "   ");
        assertThatThrownBy(() -> read(json, Invoice.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("missing required field 'accountId'");
    }

    @Test
    void aNullNumberIsAnErrorNamingTheField() {
        ObjectNode json = tree(SampleEvents.networkElement());
        json.putNull("subscribersServed");
        assertThatThrownBy(() -> read(json, NetworkElement.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("subscribersServed");
    }

    @Test
    void aMissingNumberIsAnErrorNamingTheField() {
        ObjectNode json = tree(SampleEvents.outageDetected());
        ((ObjectNode) json.get("outage")).remove("version");
        assertThatThrownBy(() -> read(json, OutageEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("version");
    }

    @Test
    void aNegativeAmountIsAnError() {
        ObjectNode json = tree(SampleEvents.creditGranted());
        json.put("amountMinor", -87L);
        assertThatThrownBy(() -> read(json, CreditEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("field 'amountMinor' must not be negative");
    }

    @Test
    void anUnknownEnumValueNamesTheFieldAndTheAllowedValues() {
        ObjectNode json = tree(SampleEvents.networkAlarm());
        json.put("severity", "CATASTROPHIC");
        assertThatThrownBy(() -> read(json, NetworkAlarm.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'CATASTROPHIC'")
                .hasMessageContaining("'severity'")
                .hasMessageContaining("[CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE, CLEARED]");
    }

    @Test
    void anUnknownNestedEnumValueNamesTheFieldPath() {
        ObjectNode json = tree(SampleEvents.subscriber());
        ((ObjectNode) json.get("plan")).put("type", "PREPAID");
        assertThatThrownBy(() -> read(json, Subscriber.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'plan.type'")
                .hasMessageContaining("[PAY_MONTHLY, PAY_AS_YOU_GO]");
    }

    @Test
    void enumsAreCaseSensitiveAndNotNumbers() {
        ObjectNode lower = tree(SampleEvents.customerComplaint());
        lower.put("service", "data");
        assertThatThrownBy(() -> read(lower, CustomerComplaint.class)).isInstanceOf(InvalidEventException.class);

        ObjectNode number = tree(SampleEvents.customerComplaint());
        number.put("service", 2);
        assertThatThrownBy(() -> read(number, CustomerComplaint.class)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void anUnknownOutageStatusIsAnError() {
        ObjectNode json = tree(SampleEvents.outageDetected());
        json.put("status", "CANCELLED");
        assertThatThrownBy(() -> read(json, OutageEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("CANCELLED");
    }

    @Test
    void aResolvedOutageWithoutEndIsAnError() {
        ObjectNode json = tree(SampleEvents.outageResolved());
        ((ObjectNode) json.get("outage")).putNull("endedAt");
        assertThatThrownBy(() -> read(json, OutageEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("missing required field 'outage.endedAt'");
    }

    /**
     * The type discriminators are required fields like any other: their absence must be reported by name, as the
     * class comment of EventJson promises, not as "unknown type 'null'".
     */
    @ParameterizedTest
    @ValueSource(strings = {"outage", "credit", "hold"})
    void aMissingDiscriminatorIsAnErrorNamingTheField(String kind) {
        FaultlineEvent sample = switch (kind) {
            case "outage" -> SampleEvents.outageDetected();
            case "credit" -> SampleEvents.creditGranted();
            default -> SampleEvents.invoiceHeld();
        };
        String property = sample instanceof OutageEvent ? "status" : "event";
        ObjectNode json = tree(sample);
        json.remove(property);
        Class<?> valueType = SampleEvents.topicOf(sample).valueType();
        assertThatThrownBy(() -> read(json, valueType))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'" + property + "'");
    }

    @Test
    void anUnknownCreditEventIsAnError() {
        ObjectNode json = tree(SampleEvents.creditGranted());
        json.put("event", "REVOKED");
        assertThatThrownBy(() -> read(json, CreditEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("REVOKED");
    }

    @Test
    void anOutageWithoutServicesIsAnError() {
        ObjectNode json = tree(SampleEvents.outageDetected());
        ((ObjectNode) json.get("outage").get("scope")).putArray("services");
        assertThatThrownBy(() -> read(json, OutageEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("missing required field 'services'");
    }

    @Test
    void aConfidenceOutOfRangeIsAnError() {
        ObjectNode json = tree(SampleEvents.outageDetected());
        ((ObjectNode) json.get("outage").get("evidence")).put("confidence", 1.5);
        assertThatThrownBy(() -> read(json, OutageEvent.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("confidence");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"alarmId\":", "[1,2,3]", "\"alarm\"", "42"})
    void invalidJsonIsAnError(String json) {
        assertThatThrownBy(() -> EventJson.read(bytes(json), NetworkAlarm.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("invalid NetworkAlarm: ");
    }

    @Test
    void trailingGarbageIsAnError() {
        String json = EventJson.writeString(SampleEvents.networkAlarm()) + " {}";
        assertThatThrownBy(() -> EventJson.read(bytes(json), NetworkAlarm.class))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void duplicatePropertiesAreAnError() {
        String json = EventJson.writeString(SampleEvents.networkAlarm())
                .replaceFirst("\\{", "{\"severity\":\"MINOR\",");
        assertThatThrownBy(() -> EventJson.read(bytes(json), NetworkAlarm.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("severity");
    }

    @Test
    void emptyBytesAreAnError() {
        assertThatThrownBy(() -> EventJson.read(new byte[0], Subscriber.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("empty record value");
        assertThatThrownBy(() -> EventJson.read(null, Subscriber.class))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> EventJson.read(bytes("   "), Subscriber.class))
                .isInstanceOf(InvalidEventException.class);
    }

    /**
     * The JSON literal null is not an event. It must not read as null: a consumer would take it for a tombstone
     * (and delete the subscriber or element) although Kafka does not, so the compacted topic and the consumer's
     * state would disagree.
     */
    @Test
    void theJsonLiteralNullIsAnErrorNotATombstone() {
        assertThatThrownBy(() -> EventJson.read(bytes("null"), Subscriber.class))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void unknownExtraFieldsAreIgnored() {
        ObjectNode json = tree(SampleEvents.subscriber());
        json.put("loyaltyTier", "gold");
        json.putObject("futureBlock").put("anything", 1);
        ((ObjectNode) json.get("plan")).put("roamingZone", "EU");
        ((ObjectNode) json.get("contact")).putArray("quietHours").add("22:00-07:00");
        assertThat(read(json, Subscriber.class)).isEqualTo(SampleEvents.subscriber());

        ObjectNode outage = tree(SampleEvents.outageResolved());
        outage.put("producedBy", "detector-7");
        ((ObjectNode) outage.get("outage")).put("rootCause", "expired certificate");
        assertThat(read(outage, OutageEvent.class)).isEqualTo(SampleEvents.outageResolved());
    }

    @Test
    void absentOptionalFieldsReadAsNullOrEmptyOrDefault() {
        ObjectNode json = tree(SampleEvents.subscriber());
        json.remove(List.of("msisdn", "email", "platforms", "contact"));
        ((ObjectNode) json.get("plan")).remove(List.of("charges", "services"));
        Subscriber read = read(json, Subscriber.class);
        assertThat(read.msisdn()).isNull();
        assertThat(read.email()).isNull();
        assertThat(read.platforms()).isEmpty();
        assertThat(read.contact()).isEqualTo(io.faultline.common.events.ContactPreferences.DEFAULT);
        assertThat(read.plan().charges()).isEmpty();
        assertThat(read.plan().services()).isEmpty();
    }

    @Test
    void anyAcceptedInstantNotationReadsToTheSameInstant() {
        ObjectNode json = tree(SampleEvents.customerComplaint());
        json.put("time", "2018-12-06T05:37:12+01:00");
        assertThat(read(json, CustomerComplaint.class).time()).isEqualTo(SampleEvents.customerComplaint().time());
    }

    // ------------------------------------------------------------------------------------------- deserializer

    @Test
    void aTombstoneDeserializesToNull() {
        EventDeserializer<Subscriber> subscribers = new EventDeserializer<>(Subscriber.class);
        assertThat(subscribers.deserialize(Topics.SUBSCRIBERS.name(), null)).isNull();
        EventDeserializer<NetworkElement> elements = new EventDeserializer<>(NetworkElement.class);
        assertThat(elements.deserialize(Topics.NETWORK_TOPOLOGY.name(), null)).isNull();
    }

    @Test
    void theDeserializerPrefixesItsErrorsWithTheTopic() {
        EventDeserializer<OutageEvent> outages = new EventDeserializer<>(OutageEvent.class);
        ObjectNode json = tree(SampleEvents.outageDetected());
        ((ObjectNode) json.get("outage")).remove("outageId");
        assertThatThrownBy(() -> outages.deserialize("outages.v1", EventJson.write(json)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("outages.v1: invalid OutageEvent: missing required field 'outageId' (at 'outage')");
        assertThatThrownBy(() -> outages.deserialize("outages.v1", new byte[0]))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("outages.v1: empty record value");
    }

    @Test
    void theDeadLetterReasonOfAnInvalidRecordIsTheReaderMessage() {
        ObjectNode json = tree(SampleEvents.invoice());
        json.put("currency", "");
        EventDeserializer<Invoice> invoices = new EventDeserializer<>(Invoice.class);
        try {
            invoices.deserialize("billing.invoices.v1", EventJson.write(json));
            throw new AssertionError("accepted an invoice without currency");
        } catch (InvalidEventException e) {
            RuntimeException wrapped = new RuntimeException("listener failed", e);
            assertThat(DeadLetterHeaders.reasonOf(wrapped))
                    .isEqualTo("billing.invoices.v1: invalid Invoice: missing required field 'currency'");
        }
    }

    @Test
    void everyTopicSerdeReadsItsOwnSample() {
        for (FaultlineEvent sample : SampleEvents.all()) {
            var topic = SampleEvents.topicOf(sample);
            @SuppressWarnings("unchecked")
            var deserializer = (org.apache.kafka.common.serialization.Deserializer<FaultlineEvent>)
                    topic.serde("/test").deserializer();
            assertThat(deserializer.deserialize(topic.name(), EventJson.write(sample))).as(topic.name())
                    .isEqualTo(sample);
        }
    }
}
