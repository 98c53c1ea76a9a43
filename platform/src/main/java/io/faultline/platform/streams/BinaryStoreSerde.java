package io.faultline.platform.streams;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A store serde that writes a value in a binary form starting with a format byte, and reads both that form and the
 * JSON form the store held before it (a record starting with '{'), so that a changelog written by an earlier
 * version still restores.
 */
public final class BinaryStoreSerde {

    private static final byte JSON_OBJECT = '{';

    private BinaryStoreSerde() {
    }

    /** A serde writing with {@code write}, reading with {@code read} or, for a JSON object, as JSON. */
    public static <T> Serde<T> of(Class<T> type, Function<T, byte[]> write, Function<byte[], T> read) {
        Serde<T> json = JsonStoreSerde.of(type);
        return Serdes.serdeFrom((topic, value) -> value == null ? null : write.apply(value), (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length > 0 && bytes[0] == JSON_OBJECT
                    ? json.deserializer().deserialize(topic, bytes) : read.apply(bytes);
        });
    }
}
