package io.faultline.common.serde;

import io.faultline.common.events.FaultlineEvent;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde of one event type: strict JSON body, CloudEvents headers. */
public class EventSerde<T extends FaultlineEvent> implements Serde<T> {

    private final EventSerializer<T> serializer;
    private final EventDeserializer<T> deserializer;

    public EventSerde(Class<T> type, String ceSource) {
        this.serializer = new EventSerializer<>(ceSource);
        this.deserializer = new EventDeserializer<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
