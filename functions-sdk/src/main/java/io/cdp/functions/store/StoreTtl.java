package io.cdp.functions.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the third argument of {@code ctx.store.set(key, value, opts)} as Jitsu does: a number of
 * seconds, a string such as {@code "30s"}, {@code "12h"}, {@code "7d"} or {@code "inf"}, or an
 * object {@code {ttl: seconds}} (older Jitsu functions pass {@code {ttlSec}} or {@code {ttlMs}}).
 * {@code -1} and {@code "inf"} mean no expiry; no argument means {@link #DEFAULT} (31 days).
 */
public final class StoreTtl {
    /** Jitsu's default time to live of a stored key. */
    public static final Duration DEFAULT = Duration.ofDays(31);

    private static final Pattern HUMAN = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)?");

    private StoreTtl() {
    }

    /** The time to live {@code options} asks for; null means never expire. */
    public static Duration parse(JsonNode options) {
        if (options == null || options.isNull() || options.isMissingNode()) {
            return DEFAULT;
        }
        if (options.isNumber()) {
            return seconds(options.asLong());
        }
        if (options.isTextual()) {
            return text(options.asText());
        }
        if (options.isObject()) {
            if (options.has("ttl")) {
                return parse(options.get("ttl"));
            }
            if (options.has("ttlSec")) {
                return seconds(options.get("ttlSec").asLong());
            }
            if (options.has("ttlMs")) {
                return positive(Duration.ofMillis(options.get("ttlMs").asLong()));
            }
            return DEFAULT;
        }
        throw new IllegalArgumentException("store TTL must be a number of seconds, a string like \"7d\" or {ttl: seconds}, not "
                + options);
    }

    private static Duration text(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        if (text.equals("inf") || text.equals("-1")) {
            return null;
        }
        Matcher matcher = HUMAN.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("store TTL '" + raw + "' is not understood: use seconds (3600), "
                    + "a duration like \"30s\", \"15m\", \"12h\", \"7d\", or \"inf\"");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return positive(switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            case "w" -> Duration.ofDays(7 * amount);
            default -> Duration.ofSeconds(amount);
        });
    }

    private static Duration seconds(long seconds) {
        return seconds < 0 ? null : positive(Duration.ofSeconds(seconds));
    }

    private static Duration positive(Duration ttl) {
        if (ttl.isZero() || ttl.isNegative()) {
            throw new IllegalArgumentException("store TTL must be positive (or -1 / \"inf\" for no expiry)");
        }
        return ttl;
    }
}
