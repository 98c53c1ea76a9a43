package io.faultline.platform.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable, unsynchronised byte writer with the encoding of {@link java.io.DataOutputStream} (big-endian) and
 * {@link BinaryStoreSerde#writeText}'s texts, for the serdes on a hot path: the fan-out writes one value per
 * customer, where a {@code DataOutputStream} over a {@code ByteArrayOutputStream} pays a lock and a bounds check
 * per byte written.
 */
public final class BinaryOut {

    private static final ClassValue<byte[][]> NAMES = new ClassValue<>() {
        @Override
        protected byte[][] computeValue(Class<?> type) {
            Object[] constants = type.getEnumConstants();
            byte[][] names = new byte[constants.length][];
            for (int i = 0; i < constants.length; i++) {
                names[i] = ((Enum<?>) constants[i]).name().getBytes(StandardCharsets.UTF_8);
            }
            return names;
        }
    };

    private byte[] bytes;
    private int length;

    public BinaryOut(int initialCapacity) {
        this.bytes = new byte[Math.max(16, initialCapacity)];
    }

    public BinaryOut writeByte(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
        return this;
    }

    public BinaryOut writeBoolean(boolean value) {
        return writeByte(value ? 1 : 0);
    }

    public BinaryOut writeInt(int value) {
        ensure(4);
        bytes[length] = (byte) (value >>> 24);
        bytes[length + 1] = (byte) (value >>> 16);
        bytes[length + 2] = (byte) (value >>> 8);
        bytes[length + 3] = (byte) value;
        length += 4;
        return this;
    }

    public BinaryOut writeLong(long value) {
        writeInt((int) (value >>> 32));
        return writeInt((int) value);
    }

    /** A text of any length: its UTF-8 length as an int (-1 for null), then its bytes. */
    public BinaryOut writeText(String text) {
        if (text == null) {
            return writeInt(-1);
        }
        int count = text.length();
        ensure(4 + count);
        int start = length + 4;
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return writeEncoded(text.getBytes(StandardCharsets.UTF_8));
            }
            bytes[start + i] = (byte) c;
        }
        writeInt(count);
        length += count;
        return this;
    }

    private BinaryOut writeEncoded(byte[] utf8) {
        writeInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    /** An enum constant by name, as {@link #writeText} would write its name, from bytes encoded once per enum. */
    public BinaryOut writeEnum(Enum<?> constant) {
        if (constant == null) {
            return writeInt(-1);
        }
        return writeEncoded(NAMES.get(constant.getDeclaringClass())[constant.ordinal()]);
    }

    /** Forgets what was written, keeping the buffer, so that one writer can serve record after record. */
    public BinaryOut reset() {
        length = 0;
        return this;
    }

    /** The bytes written so far, as a new array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    public int length() {
        return length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
