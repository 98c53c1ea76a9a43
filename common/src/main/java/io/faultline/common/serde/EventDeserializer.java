package io.faultline.common.serde;

import org.apache.kafka.common.serialization.Deserializer;

/** Reads an event strictly; invalid input throws {@link InvalidEventException}. A null value (tombstone) is null. */
public class EventDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    public EventDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.read(data, type);
        } catch (InvalidEventException e) {
            throw new InvalidEventException(topic + ": " + e.getMessage(), e.getCause());
        }
    }
}
