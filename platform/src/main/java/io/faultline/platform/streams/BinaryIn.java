package io.faultline.platform.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link BinaryOut} (or a {@link java.io.DataOutputStream} with {@link BinaryStoreSerde#writeText})
 * wrote, straight from the array: no stream, no lock, no copy of a text's bytes before its decoding. A read past
 * the end throws {@link IllegalArgumentException}.
 */
public final class BinaryIn {

    private record EnumNames<E extends Enum<E>>(E[] constants, byte[][] bytes) {
    }

    private static final ClassValue<EnumNames<?>> ENUM_NAMES = new ClassValue<>() {
        @Override
        protected EnumNames<?> computeValue(Class<?> type) {
            return names(type.asSubclass(Enum.class));
        }

        private static <E extends Enum<E>> EnumNames<E> names(Class<E> type) {
            E[] constants = type.getEnumConstants();
            byte[][] bytes = new byte[constants.length][];
            for (int i = 0; i < constants.length; i++) {
                bytes[i] = constants[i].name().getBytes(StandardCharsets.UTF_8);
            }
            return new EnumNames<>(constants, bytes);
        }
    };

    private final byte[] bytes;
    private int position;

    public BinaryIn(byte[] bytes) {
        this.bytes = bytes;
    }

    public byte readByte() {
        need(1);
        return bytes[position++];
    }

    public boolean readBoolean() {
        return readByte() != 0;
    }

    public int readInt() {
        need(4);
        int value = (bytes[position] & 0xff) << 24 | (bytes[position + 1] & 0xff) << 16
                | (bytes[position + 2] & 0xff) << 8 | bytes[position + 3] & 0xff;
        position += 4;
        return value;
    }

    public long readLong() {
        return (long) readInt() << 32 | readInt() & 0xffffffffL;
    }

    /** A text written by {@link BinaryOut#writeText}, null for a length of -1. */
    public String readText() {
        int length = readInt();
        if (length < 0) {
            return null;
        }
        need(length);
        String text = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    /**
     * A text written by {@link BinaryOut#writeText}, taken from {@code cache} when the same bytes were decoded
     * before: for texts shared by many records (a locale, a brand, a region).
     */
    public String readText(BinaryCache<String> cache) {
        int from = passText();
        if (from < 0) {
            return null;
        }
        String text = cache.get(bytes, from, position);
        return text != null ? text : cache.put(bytes, from, position, new String(bytes, from, position - from,
                StandardCharsets.UTF_8));
    }

    /**
     * An enum constant written by name with {@link BinaryOut#writeText}, matched on the bytes without decoding
     * them; null for a null text.
     *
     * @throws IllegalArgumentException when no constant has that name
     */
    @SuppressWarnings("unchecked")
    public <E extends Enum<E>> E readEnum(Class<E> type) {
        int from = passText();
        if (from < 0) {
            return null;
        }
        EnumNames<E> names = (EnumNames<E>) ENUM_NAMES.get(type);
        for (int i = 0; i < names.bytes().length; i++) {
            byte[] name = names.bytes()[i];
            if (Arrays.equals(name, 0, name.length, bytes, from, position)) {
                return names.constants()[i];
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " named "
                + new String(bytes, from, position - from, StandardCharsets.UTF_8));
    }

    /** Reads a text's length and moves past its bytes; returns where they start, or -1 for a null text. */
    private int passText() {
        int length = readInt();
        if (length < 0) {
            return -1;
        }
        need(length);
        int from = position;
        position += length;
        return from;
    }

    /** Skips a text written by {@link BinaryOut#writeText}. */
    public BinaryIn skipText() {
        passText();
        return this;
    }

    /** Where the next read starts. */
    public int position() {
        return position;
    }

    /** Moves the next read to {@code position}, for example back to the start of a part skipped to find its end. */
    public BinaryIn seek(int position) {
        if (position < 0 || position > bytes.length) {
            throw new IllegalArgumentException("position " + position + " outside " + bytes.length + " bytes");
        }
        this.position = position;
        return this;
    }

    /** Moves past {@code count} bytes. */
    public BinaryIn skip(int count) {
        need(count);
        position += count;
        return this;
    }

    /** Whether every byte has been read. */
    public boolean atEnd() {
        return position == bytes.length;
    }

    private void need(int count) {
        if (count > bytes.length - position) {
            throw new IllegalArgumentException("truncated value: " + count + " more bytes needed at " + position
                    + " of " + bytes.length);
        }
    }
}
