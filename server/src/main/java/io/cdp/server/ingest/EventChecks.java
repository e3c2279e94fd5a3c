package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.FieldCollisionException;
import io.cdp.server.event.Flattener;
import io.cdp.server.ingest.Judgement.Candidate;
import io.cdp.server.ingest.address.ContextIp;
import io.cdp.server.ingest.auth.WriteKeyExtractor;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.time.TimestampNormalizer;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaConflict;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The checks of the ingest pipeline that look at one event alone: validation (step 2b),
 * timestamps and the late-event check (steps 4 and 5), flattening and the schema check (steps 7
 * and 8). {@link IngestService} runs them on every event of a request; {@link IngestReplay} runs
 * them again on a dead letter ingest refused, so a replayed event meets every check it would have
 * met. Thread-safe.
 */
record EventChecks(EventValidator validator, LateEventCheck lateEvents, SchemaCheck schema) {
    private static final String[] ID_FIELDS = {"userId", "anonymousId", "groupId", "previousId", "messageId"};

    /** Step 2b, plus the clean-ups every event gets: no write key travels on, ids are strings. */
    void checkFields(Candidate candidate) {
        ObjectNode event = candidate.event;
        event.remove(WriteKeyExtractor.BODY_FIELD);
        for (String field : ID_FIELDS) {
            JsonNode id = event.get(field);
            if (id != null && id.isNumber()) {
                event.put(field, id.asText());
            }
        }
        candidate.fields = validator.validate(event);
    }

    /**
     * Steps 4 and 5: client address, message id, times, late check. The address goes in before
     * the copy kept for the dead-letter queue, so a replayed event still has it.
     */
    void stamp(Candidate candidate, Arrival arrival, String batchSentAt) {
        ContextIp.fillIfAbsent(candidate.event, arrival.clientAddress());
        candidate.received = candidate.event.deepCopy();
        String messageId = candidate.fields.messageId();
        candidate.generatedId = messageId == null || messageId.isBlank();
        candidate.messageId = candidate.generatedId ? UUID.randomUUID().toString() : messageId;
        candidate.event.put("messageId", candidate.messageId);
        candidate.times = TimestampNormalizer.normalize(candidate.event, candidate.fields, arrival.receivedAt(),
                batchSentAt);
        lateEvents.check(candidate.times);
    }

    /**
     * Steps 7 and 8: the conflict with the workspace's learned schema, if any (the schema learns
     * the event's new fields otherwise). Two keys that flatten to one column with different values
     * are a 400 naming the column: the event itself is at fault, whatever the schema.
     */
    Optional<SchemaConflict> schemaConflict(String workspaceId, Candidate candidate) {
        Map<String, JsonNode> flattened;
        try {
            flattened = Flattener.flatten(candidate.event);
        } catch (FieldCollisionException collision) {
            throw AppError.badRequest(collision.getMessage(), collision.column());
        }
        return schema.check(workspaceId, EventEnvelope.DEFAULT_TABLE, flattened);
    }
}
