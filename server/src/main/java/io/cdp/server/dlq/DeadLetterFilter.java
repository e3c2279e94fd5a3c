package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;

/**
 * Which dead letters a listing or a replay is about; {@code null} fields match everything.
 * {@code limit} caps how many of the newest letters are returned.
 */
public record DeadLetterFilter(String workspaceId, String stage, String reason, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public DeadLetterFilter {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    boolean matches(DeadLetter letter) {
        return (workspaceId == null || workspaceId.equals(letter.workspaceId()))
                && (stage == null || stage.equalsIgnoreCase(letter.stage().name()))
                && (reason == null || reason.equals(letter.reason()));
    }
}
