package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.live.LiveEvent;
import io.cdp.server.live.RecentEvents;
import java.time.Instant;

/**
 * Hands the verdicts of one request to the live view ({@link RecentEvents}) once the request is
 * judged. Does nothing, and builds nothing, while nobody watches. Thread-safe.
 */
final class LiveRecorder {
    private final RecentEvents recent;

    LiveRecorder(RecentEvents recent) {
        this.recent = recent;
    }

    void record(KeyOwner owner, Judgement judgement, Instant receivedAt) {
        if (!recent.recording()) {
            return;
        }
        for (Judgement.Candidate candidate : judgement.candidates()) {
            String verdict = switch (candidate.verdict) {
                case FORWARDED -> LiveEvent.ACCEPTED;
                case DUPLICATE -> LiveEvent.DEDUPLICATED;
                case REFUSED -> LiveEvent.REJECTED;
                // A step threw for the whole request (rate limit, Kafka down), or the event was not
                // taken (the client was answered 503 for it and retries): not a verdict on the event.
                case PENDING, NOT_TAKEN -> null;
            };
            if (verdict != null) {
                JsonNode payload = candidate.verdict == Judgement.Verdict.REFUSED && candidate.received != null
                        ? candidate.received : candidate.event;
                String messageId = candidate.messageId != null ? candidate.messageId : text(payload, "messageId");
                recent.record(seq -> new LiveEvent(seq, receivedAt, owner.workspaceId(), owner.sourceId(),
                        text(payload, "type"), name(payload), messageId, text(payload, "anonymousId"),
                        text(payload, "userId"), verdict, candidate.reason, candidate.error, payload));
            }
        }
        for (Judgement.EarlyRefusal refusal : judgement.earlyRefusals()) {
            // An element over the size limit is not kept: the ring's memory stays bounded by the limit.
            JsonNode payload = IngestMetrics.Reasons.TOO_LARGE.equals(refusal.reason()) ? null
                    : refusal.rejection().payload();
            recent.record(seq -> new LiveEvent(seq, receivedAt, owner.workspaceId(), owner.sourceId(),
                    text(payload, "type"), name(payload), refusal.rejection().messageId(),
                    text(payload, "anonymousId"), text(payload, "userId"), LiveEvent.REJECTED, refusal.reason(),
                    refusal.rejection().error(), payload));
        }
    }

    /** A track's event name, or a page's or screen's name. */
    private static String name(JsonNode payload) {
        String event = text(payload, "event");
        return event != null ? event : text(payload, "name");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
