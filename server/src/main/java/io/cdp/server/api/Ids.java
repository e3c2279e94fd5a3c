package io.cdp.server.api;

import java.security.SecureRandom;

/**
 * Random identifiers with a readable type prefix ({@code ws_}, {@code src_}, {@code key_}), so
 * an id in a log line or a CLI table says what it names. 16 characters of base 36 carry about
 * 82 bits: collisions are not a practical concern. Thread-safe.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 16;

    private Ids() {
    }

    /** A new id such as {@code ws_3k9x0q7m2b8c1d4e}. */
    public static String next(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + LENGTH).append(prefix).append('_');
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
