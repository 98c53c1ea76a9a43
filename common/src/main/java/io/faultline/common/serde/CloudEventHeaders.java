package io.faultline.common.serde;

import io.faultline.common.events.FaultlineEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** CloudEvents 1.0 attributes in the Kafka binary content mode: one {@code ce_} header per attribute. */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** Replaces the CloudEvents headers with those of the event. */
    public static void stamp(Headers headers, FaultlineEvent event, String source) {
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, event.eventId());
        put(headers, TYPE, event.eventType().ceType());
        put(headers, SOURCE, source);
        put(headers, TIME, event.occurredAt().toString());
        put(headers, SUBJECT, event.subject());
        put(headers, CONTENT_TYPE, "application/json");
    }

    public static Optional<String> read(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
