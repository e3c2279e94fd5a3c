package io.cdp.server.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One event as ingest judged it, kept for the live view ({@code GET /api/v1/events/live}):
 * who sent it, its ids, and the verdict: {@code accepted} (forwarded to Kafka),
 * {@code deduplicated} (its messageId was seen before), or {@code rejected} with the
 * {@code reason} of the step that refused it (the {@code reason} label of
 * {@code cdp_ingest_events_rejected_total}). {@code payload} is the event as it went to
 * {@code events.ingest} (before functions), or as received when it was refused.
 * {@code seq} grows by one per recorded event in this process, so a client asks for what came
 * after the last one it saw.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveEvent(long seq, Instant at, String workspaceId, String sourceId, String type, String event,
                        String messageId, String anonymousId, String userId, String verdict, String reason,
                        String error, JsonNode payload) {

    public static final String ACCEPTED = "accepted";
    public static final String DEDUPLICATED = "deduplicated";
    public static final String REJECTED = "rejected";

    /** The same event without its payload: what a listing carries. */
    public LiveEvent withoutPayload() {
        return new LiveEvent(seq, at, workspaceId, sourceId, type, event, messageId, anonymousId, userId, verdict,
                reason, error, null);
    }
}
