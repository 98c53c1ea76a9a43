package io.faultline.platform.streams;

import io.faultline.common.serde.EventJson;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON serde for state-store values that are plain records, not public events. */
public final class JsonStoreSerde {

    private JsonStoreSerde() {
    }

    public static <T> Serde<T> of(Class<T> type) {
        return Serdes.serdeFrom(
                (topic, value) -> value == null ? null : EventJson.write(value),
                (topic, bytes) -> bytes == null ? null : EventJson.read(bytes, type));
    }
}
