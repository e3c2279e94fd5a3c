package io.cdp.server.ingest;

import io.cdp.server.ingest.address.ContextIp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.error.AppError;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldCollisionException;
import io.cdp.server.event.Flattener;
import io.cdp.server.ingest.Judgement.Candidate;
import io.cdp.server.ingest.auth.WriteKeyExtractor;
import io.cdp.server.ingest.dedup.Deduplicator;
import io.cdp.server.ingest.publish.EventPublisher;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.time.TimestampNormalizer;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.live.RecentEvents;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaConflict;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Steps 2b–10 of the ingest pipeline for an authenticated request; the resource has done steps 1
 * and 2a (auth, size limit, JSON). The ten steps, in the seed's order:
 * <ol>
 *   <li>auth (write key) — {@link IngestResource}</li>
 *   <li>size limit and validation: the request's size and JSON there, each event's fields here</li>
 *   <li>rate limit, per workspace, on the number of events</li>
 *   <li>timestamps: {@code receivedAt}, clock-skew correction, and {@code context.ip} from the
 *       client's address</li>
 *   <li>late-event check</li>
 *   <li>dedup on {@code messageId}</li>
 *   <li>flatten</li>
 *   <li>schema check against the workspace's learned schema (a conflict is dead-lettered)</li>
 *   <li>Kafka, keyed by {@code anonymousId}, falling back to {@code userId}</li>
 *   <li>200: {@link SingleResult} or {@link BatchResult}</li>
 * </ol>
 * {@link #judge} writes that order once, for a batch and a single event alike: a single event is
 * a {@link Judgement} of one that fails as a whole with the {@link AppError} of the step that
 * refused it; a batch is judged event by event (only the rate limit, or a service that is down,
 * refuses it whole). No HTTP here: the resource reads the request, this decides. Thread-safe.
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
    private final IngestMetrics metrics;
    private final LiveRecorder live;

    /** @param recent where the verdicts go while somebody watches the live view */
    public IngestService(EventValidator validator, RateLimiter rateLimiter, LateEventCheck lateEvents,
                         Deduplicator deduplicator, SchemaCheck schema, EventPublisher publisher,
                         DeadLetterProducer deadLetters, int eventLimitBytes, int batchMaxEvents,
                         IngestMetrics metrics, RecentEvents recent) {
        this.validator = validator;
        this.rateLimiter = rateLimiter;
        this.lateEvents = lateEvents;
        this.deduplicator = deduplicator;
        this.schema = schema;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.eventLimitBytes = eventLimitBytes;
        this.batchMaxEvents = batchMaxEvents;
        this.metrics = metrics;
        this.live = new LiveRecorder(recent);
    }

    /**
     * One event of {@code type} (from the path, which wins over the body's), stamped with its
     * {@code arrival}: times, {@code context.ip} when it has none ({@link ContextIp}), and the
     * request's headers to pass on to functions.
     */
    public SingleResult ingest(KeyOwner owner, String type, ObjectNode event, Arrival arrival) {
        Timer.Sample started = Timer.start();
        try {
            event.put("type", type);
            Judgement judgement = Judgement.ofSingleEvent(metrics, event);
            judge(owner, judgement, arrival);
            return judgement.singleResult();
        } finally {
            started.stop(metrics.requests(false));
        }
    }

    /**
     * A Segment batch body: {@code {"batch": [...], "sentAt": ..., "context": ..., "integrations": ...}};
     * every event of it is stamped with the request's {@code arrival} as {@link #ingest} does.
     */
    public BatchResult ingestBatch(KeyOwner owner, ObjectNode body, Arrival arrival) {
        Timer.Sample started = Timer.start();
        try {
            return judgeBatch(owner, body, arrival);
        } finally {
            started.stop(metrics.requests(true));
        }
    }

    private BatchResult judgeBatch(KeyOwner owner, ObjectNode body, Arrival arrival) {
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
        Judgement judgement = Judgement.ofBatch(metrics, batch.size(), batchSentAt);
        for (int index = 0; index < batch.size(); index++) {
            JsonNode element = batch.get(index);
            try {
                judgement.add(index, eventOf(element, body));
            } catch (AppError refused) {
                judgement.refuse(index, element, refused);
            }
        }
        judge(owner, judgement, arrival);
        return judgement.batchResult();
    }

    /**
     * Steps 2b to 9, in order, for every event of one request; each step works on the events no
     * earlier step refused. The dedup marks of the events that were not forwarded in the end are
     * released, whatever stopped them, so the client's retry is not taken for a duplicate.
     */
    private void judge(KeyOwner owner, Judgement judgement, Arrival arrival) {
        try {
            judgement.each(IngestMetrics.Reasons.INVALID, this::checkFields);            // step 2b
            acquireRate(owner, judgement);                                               // step 3
            judgement.each(IngestMetrics.Reasons.LATE,                                   // steps 4 and 5
                    candidate -> stamp(candidate, arrival, judgement.sentAt()));
            Deduplicator.Marks marks = markFirstSightings(owner, judgement);             // step 6
            try {
                checkSchema(owner, judgement);                                           // steps 7 and 8
                publish(owner, judgement, arrival.headers());                            // step 9
            } finally {
                marks.releaseAllBut(judgement.forwardedIds());
            }
        } finally {
            live.record(owner, judgement, arrival.receivedAt());
        }
    }

    /** Step 3; a refusal counts the events it stopped as rate-limited. */
    private void acquireRate(KeyOwner owner, Judgement judgement) {
        try {
            rateLimiter.acquire(owner, judgement.size());
        } catch (AppError refused) {
            if (refused.status() == 429) {
                metrics.rateLimited(judgement.pendingCount());
            }
            throw refused;
        }
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
    private void checkFields(Candidate candidate) {
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

    /**
     * Step 6: marks the ids the client gave; a repeat is a duplicate, answered as accepted but not
     * forwarded again. A generated id is new by construction and is not marked.
     */
    private Deduplicator.Marks markFirstSightings(KeyOwner owner, Judgement judgement) {
        List<Candidate> checkable = judgement.pending().stream().filter(candidate -> !candidate.generatedId).toList();
        Deduplicator.Marks marks = deduplicator.mark(owner.workspaceId(),
                checkable.stream().map(candidate -> candidate.messageId).toList());
        for (int position = 0; position < checkable.size(); position++) {
            if (!marks.firstSeen(position)) {
                judgement.duplicate(checkable.get(position));
            }
        }
        return marks;
    }

    /**
     * Steps 7 and 8. Two keys that flatten to one column with different values refuse the event
     * (400, nothing stored, as for an invalid field: the event itself is at fault, whatever the
     * schema); a schema conflict also sends the event, as received, to the dead-letter topic.
     */
    private void checkSchema(KeyOwner owner, Judgement judgement) {
        for (Candidate candidate : judgement.pending()) {
            Map<String, JsonNode> flattened;
            try {
                flattened = Flattener.flatten(candidate.event);
            } catch (FieldCollisionException collision) {
                judgement.refuse(candidate, IngestMetrics.Reasons.FIELD_COLLISION,
                        AppError.badRequest(collision.getMessage(), collision.column()), candidate.received);
                continue;
            }
            Optional<SchemaConflict> conflict = schema.check(owner.workspaceId(), EventEnvelope.DEFAULT_TABLE,
                    flattened);
            if (conflict.isPresent()) {
                SchemaConflict found = conflict.get();
                DeadLetter letter = DeadLetter.ingest(DeadLetter.Reasons.SCHEMA_CONFLICT, found.field(),
                        found.message(), owner.workspaceId(), owner.sourceId(), candidate.messageId,
                        candidate.times.receivedAt(), candidate.received);
                deadLetters.send(letter, EventEnvelope.partitionKey(candidate.event, candidate.messageId));
                judgement.refuse(candidate, IngestMetrics.Reasons.SCHEMA_CONFLICT,
                        AppError.badRequest(found.message(), found.field()), candidate.received);
            }
        }
    }

    /** Step 9; if Kafka refuses, the request fails and the unsent events' marks are released by {@link #judge}. */
    private void publish(KeyOwner owner, Judgement judgement, Map<String, String> headers) {
        for (Candidate candidate : judgement.pending()) {
            publisher.publish(EventEnvelope.ingested(owner.workspaceId(), owner.sourceId(), candidate.messageId,
                    candidate.fields.type(), candidate.times.receivedAt(), headers, candidate.event));
            judgement.forward(candidate);
        }
    }
}
