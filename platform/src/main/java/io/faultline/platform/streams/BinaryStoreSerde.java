package io.faultline.platform.streams;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

    /** Writes a text of any length (UTF-8, an int length first; -1 for null), unlike writeUTF's 65,535 bytes. */
    public static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads what {@link #writeText} wrote. */
    public static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
