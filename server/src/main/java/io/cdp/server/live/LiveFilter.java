package io.cdp.server.live;

import java.util.Locale;

/**
 * Which live events a viewer wants; every part may be null (no condition). {@code workspaceId}
 * and {@code sourceId} match exactly; {@code type} ignores case; {@code text} is a
 * case-insensitive substring of the event name, the ids, the reason or the payload.
 */
public record LiveFilter(String workspaceId, String sourceId, String type, String text) {
    public static final LiveFilter NONE = new LiveFilter(null, null, null, null);

    public boolean matches(LiveEvent event) {
        return (blank(workspaceId) || workspaceId.equals(event.workspaceId()))
                && (blank(sourceId) || sourceId.equals(event.sourceId()))
                && (blank(type) || type.equalsIgnoreCase(event.type()))
                && (blank(text) || containsText(event, text.toLowerCase(Locale.ROOT)));
    }

    private static boolean containsText(LiveEvent event, String needle) {
        for (String part : new String[] {event.event(), event.messageId(), event.anonymousId(), event.userId(),
                event.reason(), event.error()}) {
            if (part != null && part.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return event.payload() != null && event.payload().toString().toLowerCase(Locale.ROOT).contains(needle);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
