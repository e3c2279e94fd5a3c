package io.cdp.server.bulker.read;

import java.util.Arrays;

/**
 * A map from byte strings to values that is looked up with a range of a larger array, so a
 * reader can find what it knows about a key or a value in a message without making a String or
 * a copy of it first. Open addressing with linear probing; grows, never shrinks (its owner drops
 * it to bound it). Not thread-safe.
 *
 * <p>Each slot keeps its key's hash, so a probe past another key costs an int comparison, not a
 * comparison of bytes (ids such as {@code anon-1234} share long prefixes).
 */
final class BytesMap<V> {
    private byte[][] keys = new byte[8][];
    private int[] hashes = new int[8];
    private Object[] values = new Object[8];
    private int size;

    /** The value of the key {@code source[from, to)}, or null. */
    @SuppressWarnings("unchecked")
    V get(byte[] source, int from, int to) {
        int mask = keys.length - 1;
        int hash = hash(source, from, to);
        for (int i = hash & mask; keys[i] != null; i = (i + 1) & mask) {
            if (hashes[i] == hash && Arrays.equals(keys[i], 0, keys[i].length, source, from, to)) {
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
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        hashes = new int[keys.length];
        values = new Object[keys.length];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldValues[i]);
            }
        }
    }

    private void insert(byte[] key, Object value) {
        insert(key, hash(key, 0, key.length), value);
    }

    private void insert(byte[] key, int hash, Object value) {
        int mask = keys.length - 1;
        int i = hash & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = hash;
        values[i] = value;
        size++;
    }

    /**
     * The polynomial hash of Strings, then mixed: on its own, keys that differ only in their last
     * characters ({@code anon-1}, {@code anon-2}, ...) hash to neighbouring slots, and linear probing
     * walks the runs they form: several keys per lookup for numbered visitor ids, ten or so for
     * zero-padded ones ({@code anon-000001}), against about one mixed. UUIDs and e-mail addresses
     * spread well either way.
     */
    static int hash(byte[] bytes, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + bytes[i];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
