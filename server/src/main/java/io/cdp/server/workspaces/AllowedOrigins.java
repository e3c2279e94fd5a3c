package io.cdp.server.workspaces;

import io.cdp.server.error.AppError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The web origins a source accepts browser events from, as stored in {@code sources.allowed_origins}:
 * space-separated, like the Origin header's own lists, or null for any origin (Segment's default).
 * An entry is {@code scheme://host[:port]}; {@code scheme://*.example.com} also allows every
 * subdomain. Stateless.
 *
 * <pre>{@code
 * AllowedOrigins.allows("https://shop.example.com https://*.example.org", "https://a.example.org"); // true
 * AllowedOrigins.allows(null, "https://anything.test");                                             // true
 * }</pre>
 */
public final class AllowedOrigins {
    private static final Pattern ENTRY = Pattern.compile("https?://(\\*\\.)?[a-z0-9.-]+(:[0-9]{1,5})?");

    private AllowedOrigins() {
    }

    /** Whether a request from {@code origin} (its Origin header) may send events; no header always may. */
    public static boolean allows(String stored, String origin) {
        if (stored == null || origin == null) {
            return true;
        }
        String asked = origin.strip().toLowerCase(Locale.ROOT);
        for (String entry : list(stored)) {
            int wildcard = entry.indexOf("://*.");
            if (wildcard < 0 ? entry.equals(asked)
                    : asked.startsWith(entry.substring(0, wildcard + 3))
                    && asked.endsWith(entry.substring(wildcard + 4))
                    && asked.length() > entry.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** The stored form as a list; empty for null (any origin). */
    public static List<String> list(String stored) {
        return stored == null || stored.isBlank() ? List.of() : Arrays.asList(stored.strip().split("\\s+"));
    }

    /**
     * The stored form of the origins a client asked for: null (any) for null or an empty list,
     * else the normalised entries; a malformed entry is a 400 naming {@code allowed_origins}.
     */
    public static String store(List<String> origins) {
        if (origins == null || origins.isEmpty()) {
            return null;
        }
        List<String> normalised = new ArrayList<>();
        for (String origin : origins) {
            String entry = origin == null ? "" : origin.strip().toLowerCase(Locale.ROOT);
            while (entry.endsWith("/")) {
                entry = entry.substring(0, entry.length() - 1);
            }
            if (!ENTRY.matcher(entry).matches()) {
                throw AppError.badRequest("'" + origin + "' is not an origin: write scheme://host[:port], e.g."
                        + " https://shop.example.com or https://*.example.com", "allowed_origins");
            }
            normalised.add(entry);
        }
        return String.join(" ", normalised);
    }
}
