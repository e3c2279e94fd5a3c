package io.cdp.server.ingest;

import io.cdp.server.ingest.auth.WriteKeyExtractor;
import io.cdp.server.keys.WriteKeys;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The HTTP request headers that travel with each event to the rotor, where functions read them
 * as {@code ctx.headers}. Jitsu passes every header on (multiple values joined with a comma) and
 * masks {@code X-Write-Key}; this does the same, with names lower-case, and further:
 * <ul>
 *   <li>{@code Authorization}, {@code Proxy-Authorization} and {@code Cookie} are left out: they
 *       hold the write key (HTTP Basic) or a visitor's session, which a function has no business
 *       with and which would otherwise sit in Kafka, in the dead-letter queue and in function
 *       logs;</li>
 *   <li>{@code X-Write-Key} is masked the way every log line masks keys ({@link WriteKeys#mask});</li>
 *   <li>the set is bounded, to keep the envelope small: at most {@value #MAX_HEADERS} headers,
 *       names of at most {@value #MAX_NAME_CHARS} characters, values of at most
 *       {@value #MAX_VALUE_CHARS} characters (a longer value is left out, not cut), and
 *       {@value #MAX_TOTAL_BYTES} bytes in all, taken in name order.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class RequestHeaders {
    /** Headers kept per request at most. */
    public static final int MAX_HEADERS = 64;
    /** Longest header name kept. */
    public static final int MAX_NAME_CHARS = 128;
    /** Longest header value kept. */
    public static final int MAX_VALUE_CHARS = 2048;
    /** Bytes (UTF-8, names and values) kept per request at most. */
    public static final int MAX_TOTAL_BYTES = 8192;

    /** Credentials and sessions: never passed on. */
    public static final Set<String> DROPPED = Set.of("authorization", "proxy-authorization", "cookie");

    private RequestHeaders() {
    }

    /** The headers to pass on, lower-case names in order (unmodifiable); empty when there are none. */
    public static Map<String, String> of(MultivaluedMap<String, String> request) {
        if (request == null || request.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : request.entrySet()) {
            String name = header.getKey() == null ? "" : header.getKey().trim().toLowerCase(Locale.ROOT);
            List<String> values = header.getValue();
            if (name.isEmpty() || name.length() > MAX_NAME_CHARS || DROPPED.contains(name)
                    || values == null || values.isEmpty()) {
                continue;
            }
            String value = String.join(",", values);
            if (name.equals(WriteKeyExtractor.HEADER.toLowerCase(Locale.ROOT))) {
                value = WriteKeys.mask(value.strip());
            }
            if (value.length() <= MAX_VALUE_CHARS) {
                kept.merge(name, value, (first, second) -> first + "," + second);
            }
        }
        return bounded(kept);
    }

    private static Map<String, String> bounded(TreeMap<String, String> headers) {
        TreeMap<String, String> out = new TreeMap<>();
        int bytes = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            int size = header.getKey().getBytes(StandardCharsets.UTF_8).length
                    + header.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (out.size() == MAX_HEADERS || bytes + size > MAX_TOTAL_BYTES) {
                continue;
            }
            out.put(header.getKey(), header.getValue());
            bytes += size;
        }
        return Collections.unmodifiableMap(out);
    }
}
