package io.cdp.tui.live;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * One event of the live view ({@code GET /api/v1/events/live}) and how it is written on one line,
 * the same in {@code cdp events tail} and on the dashboard's Live events screen.
 */
public record LiveEventRow(long seq, Instant at, String workspaceId, String sourceId, String type, String event,
                           String messageId, String anonymousId, String userId, String verdict, String reason,
                           String error) {
    /** A width that cuts nothing. */
    public static final int UNLIMITED = Integer.MAX_VALUE;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    public static LiveEventRow of(JsonNode json) {
        String at = text(json, "at");
        return new LiveEventRow(json.path("seq").asLong(), at == null ? null : Instant.parse(at),
                text(json, "workspace_id"), text(json, "source_id"), text(json, "type"), text(json, "event"),
                text(json, "message_id"), text(json, "anonymous_id"), text(json, "user_id"), text(json, "verdict"),
                text(json, "reason"), text(json, "error"));
    }

    /** "accepted", "deduplicated", or "rejected: late". */
    public String verdictText() {
        return reason == null ? String.valueOf(verdict) : verdict + ": " + reason;
    }

    /** The ids that are set, the person's first (the message id is often a long UUID): "user=... anon=... msg=...". */
    public String idsText() {
        StringBuilder ids = new StringBuilder();
        append(ids, "user", userId);
        append(ids, "anon", anonymousId);
        append(ids, "msg", messageId);
        return ids.toString();
    }

    /**
     * One line: time (UTC), workspace/source (names from {@code names} where known, else ids),
     * type, event name, verdict, ids, cut to {@code width} columns; {@link #UNLIMITED} cuts nothing
     * (a terminal command's output, which may be read by other tools).
     */
    public String line(Map<String, String> names, int width) {
        String where = names.getOrDefault(workspaceId, orDash(workspaceId)) + "/"
                + names.getOrDefault(sourceId, orDash(sourceId));
        boolean whole = width == UNLIMITED;
        String text = String.format(Locale.ROOT, "%-8s %-14s %-8s %-16s %-18s %s",
                at == null ? "" : CLOCK.format(at), whole ? where : cut(where, 14), orDash(type),
                whole ? orDash(event) : cut(orDash(event), 16),
                whole ? verdictText() : cut(verdictText(), 18), idsText());
        return cut(text, width);
    }

    /** The header matching {@link #line}. */
    public static String header(int width) {
        return cut(String.format(Locale.ROOT, "%-8s %-14s %-8s %-16s %-18s %s", "time", "workspace/src", "type",
                "event", "verdict", "ids"), width);
    }

    static String cut(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        return width <= 1 ? text.substring(0, Math.max(0, width)) : text.substring(0, width - 1) + "…";
    }

    private static void append(StringBuilder ids, String label, String value) {
        if (value != null && !value.isBlank()) {
            if (ids.length() > 0) {
                ids.append(' ');
            }
            ids.append(label).append('=').append(value);
        }
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
