package io.cdp.server.ingest;

import java.util.List;

/**
 * The answer to a batch: {@code {"success": true, "accepted": n, "duplicates": d, "rejected": [...]}}.
 * A well-formed batch always succeeds as a request; its events are judged one by one.
 */
public record BatchResult(boolean success, int accepted, int duplicates, List<EventRejection> rejected) {
    public static BatchResult of(int accepted, int duplicates, List<EventRejection> rejected) {
        return new BatchResult(true, accepted, duplicates, List.copyOf(rejected));
    }
}
