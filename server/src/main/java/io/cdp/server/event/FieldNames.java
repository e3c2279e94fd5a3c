package io.cdp.server.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Locale;

/**
 * Turns any JSON key into a safe snake_case column name: {@code userId} → {@code user_id},
 * {@code "Plan Name!"} → {@code plan_name}, {@code 1st} → {@code _1st}. The result holds only
 * {@code [a-z0-9_]}, so it can never break out of a quoted identifier in SQL.
 */
public final class FieldNames {
    /** PostgreSQL's identifier limit; ClickHouse has none, but one name must fit both. */
    public static final int MAX_LENGTH = 63;
    /**
     * Events repeat the same few hundred keys millions of times; the cache is bounded because
     * the keys come from clients.
     */
    private static final Cache<String, String> SANITIZED = Caffeine.newBuilder().maximumSize(20_000).build();

    private FieldNames() {
    }

    public static String sanitize(String key) {
        return SANITIZED.get(key, FieldNames::compute);
    }

    private static String compute(String key) {
        StringBuilder name = new StringBuilder(key.length() + 4);
        char previous = '_';
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && Character.isLetterOrDigit(previous) && !Character.isUpperCase(previous)) {
                name.append('_');
            } else if (Character.isUpperCase(c) && Character.isUpperCase(previous) && i + 1 < key.length()
                    && Character.isLowerCase(key.charAt(i + 1))) {
                name.append('_'); // "HTTPServer" → "http_server"
            }
            if (c < 128 && Character.isLetterOrDigit(c)) {
                name.append(Character.toLowerCase(c));
            } else if (name.length() > 0 && name.charAt(name.length() - 1) != '_') {
                name.append('_');
            }
            previous = c;
        }
        while (name.length() > 0 && name.charAt(name.length() - 1) == '_') {
            name.setLength(name.length() - 1);
        }
        if (name.length() == 0) {
            return "_";
        }
        if (Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        String result = name.toString().toLowerCase(Locale.ROOT);
        return result.length() > MAX_LENGTH ? result.substring(0, MAX_LENGTH) : result;
    }
}
