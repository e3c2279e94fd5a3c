package io.cdp.server.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a batch: {@code {"success": true, "accepted": n, "duplicates": d, "rejected": [...]}}.
 * A well-formed batch succeeds as a request; its events are judged one by one.
 *
 * <p>When some of its events could not be handed on (Kafka away in buffered delivery, a full
 * spool in durable delivery) the request answers 503 with this body, {@code "success": false},
 * an {@code error}, and those events listed by index under {@code unavailable}: the others were
 * taken. Sending the whole batch again is safe: the taken events are then duplicates (by
 * {@code messageId}) and only the others go on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResult(boolean success, String error, int accepted, int duplicates, List<EventRejection> rejected,
                          List<EventRejection> unavailable) {
    public static BatchResult of(int accepted, int duplicates, List<EventRejection> rejected) {
        return new BatchResult(true, null, accepted, duplicates, List.copyOf(rejected), null);
    }

    /** Some events were not taken: the request answers 503 with this body. */
    public static BatchResult partlyTaken(String error, int accepted, int duplicates, List<EventRejection> rejected,
                                          List<EventRejection> unavailable) {
        return new BatchResult(false, error, accepted, duplicates, List.copyOf(rejected), List.copyOf(unavailable));
    }
}
