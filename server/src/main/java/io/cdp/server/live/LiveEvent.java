package io.cdp.server.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
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
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveEvent(
        @JsonProperty("seq") long seq,
        @JsonProperty("at") Instant at,
        @JsonProperty("workspace_id") String workspaceId,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("type") String type,
        @JsonProperty("event") String event,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("anonymous_id") String anonymousId,
        @JsonProperty("user_id") String userId,
        @JsonProperty("verdict") String verdict,
        @JsonProperty("reason") String reason,
        @JsonProperty("error") String error,
        @JsonProperty("payload") JsonNode payload) {

    public static final String ACCEPTED = "accepted";
    public static final String DEDUPLICATED = "deduplicated";
    public static final String REJECTED = "rejected";

    /** The same event without its payload: what a listing carries. */
    public LiveEvent withoutPayload() {
        return new LiveEvent(seq, at, workspaceId, sourceId, type, event, messageId, anonymousId, userId, verdict,
                reason, error, null);
    }
}
