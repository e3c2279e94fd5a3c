package io.cdp.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Making, hashing and masking write keys. A key is {@value #PREFIX} followed by 32 random bytes
 * (base64url, 43 characters): unguessable, recognisable in a config file, safe in a Basic-auth
 * user name. Only its SHA-256 is stored; a key is shown in full once, at creation, and as
 * {@link #mask(String)} everywhere after. Thread-safe.
 *
 * <pre>{@code
 * String key = WriteKeys.generate();        // cdp_wk_Q2x...
 * String hash = WriteKeys.hash(key);        // what the database holds
 * log.info("key {}", WriteKeys.mask(key));  // cdp_wk_Q2x9…
 * }</pre>
 */
public final class WriteKeys {
    /** Every write key starts with this. */
    public static final String PREFIX = "cdp_wk_";
    /** Characters of a key kept when it is shown masked: the prefix and four more. */
    public static final int SHOWN_CHARACTERS = PREFIX.length() + 4;

    private static final Pattern ANY_KEY = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{5,}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_BYTES = 32;

    private WriteKeys() {
    }

    public static String generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
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

    /** The part of a key stored for display: {@code cdp_wk_Q2x9}. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(SHOWN_CHARACTERS, key.length()));
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
        if (key.startsWith(PREFIX) && key.length() > SHOWN_CHARACTERS) {
            return displayPrefix(key) + "…";
        }
        return key.substring(0, Math.min(2, key.length())) + "…";
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
