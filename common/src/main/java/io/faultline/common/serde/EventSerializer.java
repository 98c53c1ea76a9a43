package io.faultline.common.serde;

import io.faultline.common.events.FaultlineEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Writes an event as JSON and stamps its CloudEvents headers. */
public class EventSerializer<T extends FaultlineEvent> implements Serializer<T> {

    private final String ceSource;

    public EventSerializer(String ceSource) {
        this.ceSource = ceSource;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : EventJson.write(data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        if (data == null) {
            return null;
        }
        if (headers != null) {
            CloudEventHeaders.stamp(headers, data, ceSource);
        }
        return EventJson.write(data);
    }
}
