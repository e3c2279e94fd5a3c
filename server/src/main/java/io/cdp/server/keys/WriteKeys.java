package io.cdp.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Making, hashing and masking write keys. A key is {@code id:secret}, the form Jitsu's clients
 * require: the id is the key's public id ({@code key_3k9x0q7m2b8c1d4e}, safe to log), the secret
 * is {@value #PREFIX} followed by 32 random bytes (base64url, 43 characters): unguessable,
 * recognisable in a config file. Keys made before ids were part of them are the secret alone, and
 * keep working. Only the SHA-256 of the whole key is stored; a key is shown in full once, at
 * creation, and as {@link #mask(String)} everywhere after. Thread-safe.
 *
 * <pre>{@code
 * String key = WriteKeys.generate("key_3k9x0q7m2b8c1d4e"); // key_3k9x0q7m2b8c1d4e:cdp_wk_Q2x...
 * String hash = WriteKeys.hash(key);                        // what the database holds
 * log.info("key {}", WriteKeys.mask(key));                  // key_3k9x0q7m2b8c1d4e:cdp_wk_Q2x9…
 * }</pre>
 */
public final class WriteKeys {
    /** Every write key starts with this. */
    public static final String PREFIX = "cdp_wk_";
    /** Characters of a key kept when it is shown masked: the prefix and four more. */
    public static final int SHOWN_CHARACTERS = PREFIX.length() + 4;
    /** Between a key's public id and its secret. */
    public static final char SEPARATOR = ':';

    private static final int MAX_SHOWN_ID = 24;

    private static final Pattern ANY_KEY = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{5,}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_BYTES = 32;

    private WriteKeys() {
    }

    /** A secret alone: the form of keys made before ids were part of them. */
    public static String generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A new key {@code id:secret} for the key whose public id is {@code id}. */
    public static String generate(String id) {
        return id + SEPARATOR + generate();
    }

    /** Lower-case hex SHA-256 of the key: the only form the database and Redis hold. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The part of a key stored for display: {@code key_3k9x0q7m2b8c1d4e:cdp_wk_Q2x9}, or {@code cdp_wk_Q2x9}. */
    public static String displayPrefix(String key) {
        int separator = key.indexOf(SEPARATOR);
        String secret = key.substring(separator + 1);
        return key.substring(0, separator + 1) + secret.substring(0, Math.min(SHOWN_CHARACTERS, secret.length()));
    }

    /**
     * What may appear in a log line or on screen: the display prefix and an ellipsis. Anything
     * that does not look like one of our keys shows only its first two characters, since a
     * mistyped key is still a secret.
     */
    public static String mask(String key) {
        if (key == null || key.isEmpty()) {
            return "";
        }
        int separator = key.indexOf(SEPARATOR);
        if (separator > 0) {
            // The id is public; a long one is cut, in case a secret was pasted there.
            String id = key.substring(0, Math.min(separator, MAX_SHOWN_ID));
            return id + SEPARATOR + maskSecret(key.substring(separator + 1));
        }
        return maskSecret(key);
    }

    private static String maskSecret(String secret) {
        if (secret.startsWith(PREFIX) && secret.length() > SHOWN_CHARACTERS) {
            return secret.substring(0, SHOWN_CHARACTERS) + "…";
        }
        return secret.substring(0, Math.min(2, secret.length())) + "…";
    }

    /**
     * The text with everything that looks like a write key masked: for messages that may quote
     * what a client sent (a JSON parser's error, a logged payload).
     */
    public static String scrub(String text) {
        if (text == null || !text.contains(PREFIX)) {
            return text;
        }
        return ANY_KEY.matcher(text).replaceAll(found -> java.util.regex.Matcher.quoteReplacement(mask(found.group())));
    }
}
