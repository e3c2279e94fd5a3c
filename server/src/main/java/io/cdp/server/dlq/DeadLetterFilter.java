package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import java.time.Instant;

/**
 * Which dead letters a listing or a replay is about; {@code null} fields match everything.
 * {@code since} (inclusive) and {@code until} (exclusive) bound the time Kafka stored the letter
 * (its record timestamp, the moment it failed). {@code limit} caps how many letters one page holds.
 */
public record DeadLetterFilter(String workspaceId, String stage, String reason, Instant since, Instant until,
                               int limit) {
    public static final int MAX_LIMIT = 10_000;

    public DeadLetterFilter {
        if (limit <= 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until");
        }
    }

    /** No time range. */
    public DeadLetterFilter(String workspaceId, String stage, String reason, int limit) {
        this(workspaceId, stage, reason, null, null, limit);
    }

    boolean matches(DeadLetter letter) {
        return (workspaceId == null || workspaceId.equals(letter.workspaceId()))
                && (stage == null || stage.equalsIgnoreCase(letter.stage().name()))
                && (reason == null || reason.equals(letter.reason()));
    }

    boolean inRange(long timestampMillis) {
        return (since == null || timestampMillis >= since.toEpochMilli())
                && (until == null || timestampMillis < until.toEpochMilli());
    }
}
