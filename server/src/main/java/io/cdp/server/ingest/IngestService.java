package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.Flattener;
import io.cdp.server.ingest.auth.WriteKeyExtractor;
import io.cdp.server.ingest.dedup.Deduplicator;
import io.cdp.server.ingest.publish.EventPublisher;
import io.cdp.server.ingest.ratelimit.RateLimiter;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaConflict;
import io.cdp.server.ingest.time.EventTimes;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.time.TimestampNormalizer;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.ingest.validation.SegmentEvent;
import io.cdp.server.keys.KeyOwner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Steps 2b–10 of the ingest pipeline for an authenticated request, in the seed's order:
 * validation → rate limit → timestamps (and {@code context.ip} from the client's address) →
 * late-event check → dedup → flatten → schema check → Kafka. A single event fails as a whole
 * with the {@link AppError} of the step that refused it; a batch is judged event by event (only
 * the rate limit refuses it whole). No HTTP here: the resource reads the request, this decides.
 * Thread-safe.
 */
public class IngestService {
    private static final String[] ID_FIELDS = {"userId", "anonymousId", "groupId", "previousId", "messageId"};

    private final EventValidator validator;
    private final RateLimiter rateLimiter;
    private final LateEventCheck lateEvents;
    private final Deduplicator deduplicator;
    private final SchemaCheck schema;
    private final EventPublisher publisher;
    private final DeadLetterProducer deadLetters;
    private final int eventLimitBytes;
    private final int batchMaxEvents;

    public IngestService(EventValidator validator, RateLimiter rateLimiter, LateEventCheck lateEvents,
                         Deduplicator deduplicator, SchemaCheck schema, EventPublisher publisher,
                         DeadLetterProducer deadLetters, int eventLimitBytes, int batchMaxEvents) {
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.lateEvents = lateEvents;
        this.deduplicator = deduplicator;
        this.schema = schema;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.eventLimitBytes = eventLimitBytes;
        this.batchMaxEvents = batchMaxEvents;
    }

    /** An event on its way through the pipeline. */
    private static final class Candidate {
        final int index;
        final ObjectNode event;
        final SegmentEvent fields;
        String messageId;
        boolean generatedId;
        EventTimes times;
        ObjectNode received;

        Candidate(int index, ObjectNode event, SegmentEvent fields) {
            this.index = index;
            this.event = event;
            this.fields = fields;
        }
    }

    /**
     * One event of {@code type} (from the path, which wins over the body's), stamped with its
     * {@code arrival}: times, {@code context.ip} when it has none ({@link ContextIp}), and the
     * request's headers to pass on to functions.
     */
    public SingleResult ingest(KeyOwner owner, String type, ObjectNode event, Arrival arrival) {
        event.put("type", type);
        Candidate candidate = new Candidate(0, event, checkFields(event));
        rateLimiter.acquire(owner, 1);
        stamp(candidate, arrival, null);
        if (!candidate.generatedId && !deduplicator.firstSeen(owner.workspaceId(), candidate.messageId)) {
            return SingleResult.duplicateOf(candidate.messageId);
        }
        Optional<SchemaConflict> conflict = checkSchema(owner, candidate);
        if (conflict.isPresent()) {
            throw AppError.badRequest(conflict.get().message(), conflict.get().field());
        }
        publish(owner, List.of(candidate), arrival.headers());
        return SingleResult.accepted(candidate.messageId);
    }

    /**
     * A Segment batch body: {@code {"batch": [...], "sentAt": ..., "context": ..., "integrations": ...}};
     * every event of it is stamped with the request's {@code arrival} as {@link #ingest} does.
     */
    public BatchResult ingestBatch(KeyOwner owner, ObjectNode body, Arrival arrival) {
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            throw AppError.badRequest("batch must be an array of events: {\"batch\": [{\"type\": \"track\", ...}]}",
                    "batch");
        }
        if (batch.size() > batchMaxEvents) {
            throw AppError.payloadTooLarge("batch has " + batch.size() + " events; at most " + batchMaxEvents
                    + " per request: split it");
        }
        String batchSentAt = body.path("sentAt").isTextual() ? body.get("sentAt").asText() : null;
        List<EventRejection> rejected = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int index = 0; index < batch.size(); index++) {
            JsonNode node = batch.get(index);
            try {
                ObjectNode event = eventOf(node, body);
                candidates.add(new Candidate(index, event, checkFields(event)));
            } catch (AppError refused) {
                rejected.add(rejection(index, node, refused));
            }
        }

        rateLimiter.acquire(owner, batch.size());

        List<Candidate> timely = new ArrayList<>();
        for (Candidate candidate : candidates) {
            try {
                stamp(candidate, arrival, batchSentAt);
                timely.add(candidate);
            } catch (AppError late) {
                rejected.add(rejection(candidate.index, candidate.event, late));
            }
        }

        List<Candidate> fresh = new ArrayList<>();
        int duplicates = 0;
        List<Candidate> checkable = timely.stream().filter(candidate -> !candidate.generatedId).toList();
        List<Boolean> first = checkable.isEmpty() ? List.of()
                : deduplicator.firstSeen(owner.workspaceId(), checkable.stream().map(c -> c.messageId).toList());
        for (int i = 0; i < checkable.size(); i++) {
            if (!first.get(i)) {
                duplicates++;
            }
        }
        int checked = 0;
        for (Candidate candidate : timely) {
            if (candidate.generatedId || first.get(checked++)) {
                fresh.add(candidate);
            }
        }

        List<Candidate> valid = new ArrayList<>();
        for (Candidate candidate : fresh) {
            Optional<SchemaConflict> conflict = checkSchema(owner, candidate);
            if (conflict.isPresent()) {
                rejected.add(new EventRejection(candidate.index, candidate.messageId, conflict.get().message(),
                        conflict.get().field(), 400, candidate.received));
            } else {
                valid.add(candidate);
            }
        }
        publish(owner, valid, arrival.headers());
        rejected.sort(Comparator.comparingInt(EventRejection::index));
        return BatchResult.of(valid.size(), duplicates, rejected);
    }

    /** A batch element as an event of its own: an object, within the size limit, with the batch's context. */
    private ObjectNode eventOf(JsonNode node, ObjectNode body) {
        if (!(node instanceof ObjectNode event)) {
            throw AppError.badRequest("event must be a JSON object", null);
        }
        int size = EventJson.toBytes(event).length;
        if (size > eventLimitBytes) {
            throw AppError.payloadTooLarge("event is " + size / 1024 + " KB; the limit is " + eventLimitBytes / 1024
                    + " KB per event");
        }
        for (String shared : new String[] {"context", "integrations"}) {
            if (!event.has(shared) && body.get(shared) instanceof ObjectNode batchValue) {
                event.set(shared, batchValue.deepCopy());
            }
        }
        return event;
    }

    /** Step 2b, plus the clean-ups every event gets: no write key travels on, ids are strings. */
    private SegmentEvent checkFields(ObjectNode event) {
        event.remove(WriteKeyExtractor.BODY_FIELD);
        for (String field : ID_FIELDS) {
            JsonNode id = event.get(field);
            if (id != null && id.isNumber()) {
                event.put(field, id.asText());
            }
        }
        return validator.validate(event);
    }

    /**
     * Steps 4 and 5: client address, message id, times, late check. The address goes in before
     * the copy kept for the dead-letter queue, so a replayed event still has it.
     */
    private void stamp(Candidate candidate, Arrival arrival, String batchSentAt) {
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

    /** Steps 7 and 8; a conflict releases the dedup mark and sends the event to the dead-letter topic. */
    private Optional<SchemaConflict> checkSchema(KeyOwner owner, Candidate candidate) {
        Optional<SchemaConflict> conflict = schema.check(owner.workspaceId(), EventEnvelope.DEFAULT_TABLE,
                Flattener.flatten(candidate.event));
        conflict.ifPresent(found -> {
            if (!candidate.generatedId) {
                deduplicator.release(owner.workspaceId(), candidate.messageId);
            }
            DeadLetter letter = DeadLetter.ingest(DeadLetter.Reasons.SCHEMA_CONFLICT, found.field(), found.message(),
                    owner.workspaceId(), owner.sourceId(), candidate.messageId, candidate.times.receivedAt(),
                    candidate.received);
            deadLetters.send(letter, partitionKey(candidate));
        });
        return conflict;
    }

    /** Step 9; if Kafka refuses, the unsent events' dedup marks are released so a retry is accepted. */
    private void publish(KeyOwner owner, List<Candidate> accepted, Map<String, String> headers) {
        for (int i = 0; i < accepted.size(); i++) {
            Candidate candidate = accepted.get(i);
            try {
                publisher.publish(EventEnvelope.ingested(owner.workspaceId(), owner.sourceId(), candidate.messageId,
                        candidate.fields.type(), candidate.times.receivedAt(), headers, candidate.event));
            } catch (AppError refused) {
                for (Candidate unsent : accepted.subList(i, accepted.size())) {
                    if (!unsent.generatedId) {
                        deduplicator.release(owner.workspaceId(), unsent.messageId);
                    }
                }
                throw refused;
            }
        }
    }

    private static String partitionKey(Candidate candidate) {
        return EventEnvelope.partitionKey(candidate.event, candidate.messageId);
    }

    private static EventRejection rejection(int index, JsonNode event, AppError refused) {
        JsonNode messageId = event == null ? null : event.get("messageId");
        return new EventRejection(index, messageId != null && messageId.isValueNode() ? messageId.asText() : null,
                refused.getMessage(), refused.field().orElse(null), refused.status(), event);
    }
}
