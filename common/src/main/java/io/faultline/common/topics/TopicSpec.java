package io.faultline.common.topics;

import io.faultline.common.events.FaultlineEvent;
import io.faultline.common.serde.EventSerde;

/**
 * One public topic of the contract.
 *
 * @param name        stable topic name
 * @param valueType   type of the JSON value
 * @param key         what the record key is
 * @param compacted   whether the topic is log-compacted (latest value per key)
 * @param producers   who writes it
 * @param consumers   who reads it
 * @param <V>         value type
 */
public record TopicSpec<V extends FaultlineEvent>(String name, Class<V> valueType, String key, boolean compacted,
                                                  String producers, String consumers) {

    /** Suffix of every dead-letter topic. */
    public static final String DLT_SUFFIX = ".dlt";

    /** The dead-letter topic of this topic: rejected records with their reason in headers. */
    public String dlt() {
        return name + DLT_SUFFIX;
    }

    /** A serde for this topic's values; the serializer stamps CloudEvents headers with the given source. */
    public EventSerde<V> serde(String ceSource) {
        return new EventSerde<>(valueType, ceSource);
    }

    @Override
    public String toString() {
        return name;
    }
}
