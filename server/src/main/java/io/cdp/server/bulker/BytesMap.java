package io.cdp.server.bulker;

import java.util.Arrays;

/**
 * A map from byte strings to values that is looked up with a range of a larger array, so a
 * reader can find what it knows about a key or a value in a message without making a String or
 * a copy of it first. Open addressing with linear probing; grows, never shrinks (its owner drops
 * it to bound it). Not thread-safe.
 */
final class BytesMap<V> {
    private byte[][] keys = new byte[8][];
    private Object[] values = new Object[8];
    private int size;

    /** The value of the key {@code source[from, to)}, or null. */
    @SuppressWarnings("unchecked")
    V get(byte[] source, int from, int to) {
        int mask = keys.length - 1;
        for (int i = hash(source, from, to) & mask; keys[i] != null; i = (i + 1) & mask) {
            if (Arrays.equals(keys[i], 0, keys[i].length, source, from, to)) {
                return (V) values[i];
            }
        }
        return null;
    }

    /** Maps a copy of {@code source[from, to)}, which must not be in the map yet, to {@code value}. */
    void put(byte[] source, int from, int to, V value) {
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(Arrays.copyOfRange(source, from, to), value);
    }

    int size() {
        return size;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new Object[keys.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void insert(byte[] key, Object value) {
        int mask = keys.length - 1;
        int i = hash(key, 0, key.length) & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    private static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
