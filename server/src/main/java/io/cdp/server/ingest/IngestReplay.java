package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.dlq.IngestRecheck;
import io.cdp.server.error.AppError;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.ingest.Judgement.Candidate;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaConflict;
import java.util.Map;
import java.util.Optional;

/**
 * A dead letter ingest wrote (the event as it was received), checked again as ingest checked it
 * when it arrived: validation, timestamps with the clock-skew correction as of its arrival, the
 * late-event check against that arrival, flattening and the workspace's schema as it is now. What
 * passes comes back as the envelope ingest would have produced; what does not is refused with the
 * {@link AppError} ingest would have answered (no new dead letter: the old one stays). The rate
 * limit and the dedup at the door are not applied (an operator replays; the destinations keep one
 * row per message id). Thread-safe.
 */
public final class IngestReplay implements IngestRecheck {
    private final EventChecks checks;

    public IngestReplay(EventValidator validator, LateEventCheck lateEvents, SchemaCheck schema) {
        this.checks = new EventChecks(validator, lateEvents, schema);
    }

    @Override
    public EventEnvelope recheck(DeadLetter letter) {
        if (!(letter.payload() instanceof ObjectNode received) || letter.workspaceId() == null) {
            throw AppError.badRequest("the letter carries no event ingest can check", "payload");
        }
        ObjectNode event = received.deepCopy();
        if (!event.hasNonNull("messageId") && letter.messageId() != null) {
            // Ingest gave it this id when it arrived without one: keep it, so a replay is not a new event.
            event.put("messageId", letter.messageId());
        }
        Candidate candidate = Candidate.of(event);
        checks.checkFields(candidate);
        checks.stamp(candidate, new Arrival(letter.failedAt(), null, Map.of()), null);
        Optional<SchemaConflict> conflict = checks.schemaConflict(letter.workspaceId(), candidate);
        if (conflict.isPresent()) {
            throw AppError.badRequest(conflict.get().message(), conflict.get().field());
        }
        return EventEnvelope.ingested(letter.workspaceId(), letter.sourceId(), candidate.messageId,
                candidate.fields.type(), candidate.times.receivedAt(), candidate.event);
    }
}
