package io.cdp.functions.fetch;

/**
 * One {@code ctx.fetch} call and how it ended: the HTTP status, or an error (refused by the
 * allow-list, timed out, connection failed) with status 0.
 */
public record FetchCall(String method, String url, int status, long durationMillis, String error) {
    public boolean refused() {
        return error != null && error.startsWith("fetch refused");
    }
}
