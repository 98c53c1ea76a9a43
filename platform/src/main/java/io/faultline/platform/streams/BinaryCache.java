package io.faultline.platform.streams;

import java.util.Arrays;

/**
 * Values decoded from byte ranges that repeat across records (a locale, a brand, a region, a whole tariff), kept so
 * that a repeated range yields the value decoded the first time instead of a new copy: the fan-out decodes every
 * subscriber of a partition for each outage, and most of a subscriber's fields are shared by thousands of others.
 * A fixed number of slots, chosen by a hash of the bytes; a collision replaces the slot's value. Safe to share
 * between threads: a slot holds an immutable entry, so a reader sees either a whole entry or another one, and the
 * bytes are compared before a value is returned. The values must be immutable.
 *
 * @param <T> the decoded value
 */
public final class BinaryCache<T> {

    private record Entry<T>(byte[] key, T value) {
    }

    private static final int HASHED = 12;

    private final Entry<T>[] slots;
    private final int maxKeyLength;

    /**
     * @param slots        number of slots, rounded up to a power of two
     * @param maxKeyLength ranges longer than this are never cached
     */
    @SuppressWarnings("unchecked")
    public BinaryCache(int slots, int maxKeyLength) {
        this.slots = new Entry[slots <= 1 ? 1 : Integer.highestOneBit(slots - 1) << 1];
        this.maxKeyLength = maxKeyLength;
    }

    /** The value cached for {@code bytes[from, to)}, or null. */
    public T get(byte[] bytes, int from, int to) {
        if (to - from > maxKeyLength) {
            return null;
        }
        Entry<T> entry = slots[slotOf(bytes, from, to)];
        return entry != null && Arrays.equals(entry.key(), 0, entry.key().length, bytes, from, to)
                ? entry.value() : null;
    }

    /** Caches {@code value} as what {@code bytes[from, to)} decodes to; returns the value. */
    public T put(byte[] bytes, int from, int to, T value) {
        if (to - from <= maxKeyLength) {
            slots[slotOf(bytes, from, to)] = new Entry<>(Arrays.copyOfRange(bytes, from, to), value);
        }
        return value;
    }

    /** A hash of the length and of at most the first and last {@link #HASHED} bytes: a tariff is long. */
    private int slotOf(byte[] bytes, int from, int to) {
        int hash = to - from;
        int head = Math.min(to, from + HASHED);
        for (int i = from; i < head; i++) {
            hash = 31 * hash + bytes[i];
        }
        for (int i = Math.max(head, to - HASHED); i < to; i++) {
            hash = 31 * hash + bytes[i];
        }
        hash ^= hash >>> 16;
        return hash & (slots.length - 1);
    }
}
