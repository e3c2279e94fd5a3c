package io.cdp.functions.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where {@code ctx.fetch} may go, how long it waits and how large a response it reads. A host is allowed when it equals an entry of
 * {@code allowedHosts}, or ends with an entry written as {@code *.example.com}; the single entry
 * {@code *} allows every host (for trusted, single-tenant setups only). Only http and https
 * URLs are fetched, and redirects are not followed (a redirect could lead off the list). A
 * response body larger than {@code maxResponseBytes} is not read past the limit: the fetch fails
 * with a {@code LimitExceeded} error that names the limit.
 *
 * <pre>{@code
 * new FetchPolicy(List.of("api.example.com", "*.internal.example.com", "127.0.0.1"), Duration.ofSeconds(2))
 * }</pre>
 */
public record FetchPolicy(List<String> allowedHosts, Duration timeout, long maxResponseBytes) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** 4 MiB: a lookup answer is a few KB; the body is held several times over while it is handed on. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 4L * 1024 * 1024;

    public FetchPolicy {
        allowedHosts = allowedHosts.stream().map(host -> host.trim().toLowerCase(Locale.ROOT))
                .filter(host -> !host.isEmpty()).toList();
        Objects.requireNonNull(timeout, "timeout");
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, was " + maxResponseBytes);
        }
    }

    /** With the default response size limit. */
    public FetchPolicy(List<String> allowedHosts, Duration timeout) {
        this(allowedHosts, timeout, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** Null when {@code url} may be fetched, else the reason it may not (shown to the function). */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            return "fetch refused: '" + url + "' is not a valid URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "fetch refused: only http and https URLs are allowed, not '" + url + "'";
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            return "fetch refused: '" + url + "' has no host";
        }
        for (String allowed : allowedHosts) {
            if (allowed.equals("*") || allowed.equals(host)
                    || (allowed.startsWith("*.") && host.endsWith(allowed.substring(1)))) {
                return null;
            }
        }
        return "fetch refused: host '" + host + "' is not on the fetch allow-list " + allowedHosts
                + " (rotor.fetch.allowedHosts in the server configuration, --allow-host for cdp functions test)";
    }
}
