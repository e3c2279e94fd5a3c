package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.Judgement.Candidate;
import io.cdp.server.ingest.dedup.Deduplicator;
import io.cdp.server.ingest.publish.EventPublisher;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.live.RecentEvents;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaConflict;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /** What a 503 for events that were not taken asks the client to wait before it retries. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final EventChecks checks;
    private final RateLimiter rateLimiter;
    private final Deduplicator deduplicator;
    private final EventPublisher publisher;
    private final Duration takeTimeout;
    private final int eventLimitBytes;
    private final int batchMaxEvents;
    private final IngestMetrics metrics;
    private final LiveRecorder live;

    /** @param recent where the verdicts go while somebody watches the live view */
    public IngestService(EventValidator validator, RateLimiter rateLimiter, LateEventCheck lateEvents,
                         Deduplicator deduplicator, SchemaCheck schema, EventPublisher publisher,
                         Duration takeTimeout, int eventLimitBytes, int batchMaxEvents, IngestMetrics metrics,
                         RecentEvents recent) {
        this.checks = new EventChecks(validator, lateEvents, schema);
        this.rateLimiter = rateLimiter;
        this.deduplicator = deduplicator;
        this.publisher = publisher;
        this.takeTimeout = takeTimeout;
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
     * earlier step refused. Only the message ids of the events that were forwarded are remembered
     * for dedup, whatever stopped the others, so the client's retry of those is not taken for a
     * duplicate (nor is it after a crash in the middle of the request).
     */
    private void judge(KeyOwner owner, Judgement judgement, Arrival arrival) {
        try {
            judgement.each(IngestMetrics.Reasons.INVALID, checks::checkFields);          // step 2b
            acquireRate(owner, judgement);                                               // step 3
            judgement.each(IngestMetrics.Reasons.LATE,                                   // steps 4 and 5
                    candidate -> checks.stamp(candidate, arrival, judgement.sentAt()));
            Deduplicator.Sightings seen = firstSightings(owner, judgement);              // step 6
            try {
                checkSchema(owner, judgement);                                           // steps 7 and 8
                publish(owner, judgement, arrival.headers());                            // step 9
            } finally {
                seen.remember(judgement.forwardedIds());
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

    /**
     * Step 6: looks up the ids the client gave; a repeat is a duplicate, answered as accepted but
     * not forwarded again. A generated id is new by construction and is not looked up.
     */
    private Deduplicator.Sightings firstSightings(KeyOwner owner, Judgement judgement) {
        List<Candidate> checkable = judgement.pending().stream().filter(candidate -> !candidate.generatedId).toList();
        Deduplicator.Sightings seen = deduplicator.check(owner.workspaceId(),
                checkable.stream().map(candidate -> candidate.messageId).toList());
        for (int position = 0; position < checkable.size(); position++) {
            if (!seen.firstSeen(position)) {
                judgement.duplicate(checkable.get(position));
            }
        }
        return seen;
    }

    /**
     * Steps 7 and 8. Two keys that flatten to one column with different values refuse the event
     * (400, nothing stored, as for an invalid field: the event itself is at fault, whatever the
     * schema); a schema conflict also sends the event, as received, to the dead-letter topic.
     */
    private void checkSchema(KeyOwner owner, Judgement judgement) {
        for (Candidate candidate : judgement.pending()) {
            Optional<SchemaConflict> conflict;
            try {
                conflict = checks.schemaConflict(owner.workspaceId(), candidate);
            } catch (AppError collision) {
                judgement.refuse(candidate, DeadLetter.Reasons.FIELD_COLLISION, collision, candidate.received);
                continue;
            }
            if (conflict.isPresent()) {
                SchemaConflict found = conflict.get();
                DeadLetter letter = DeadLetter.ingest(DeadLetter.Reasons.SCHEMA_CONFLICT, found.field(),
                        found.message(), owner.workspaceId(), owner.sourceId(), candidate.messageId,
                        candidate.times.receivedAt(), candidate.received);
                deadLetter(letter, EventEnvelope.partitionKey(candidate.event, candidate.messageId));
                judgement.refuse(candidate, DeadLetter.Reasons.SCHEMA_CONFLICT,
                        AppError.badRequest(found.message(), found.field()), candidate.received);
            }
        }
    }

    /** Ingest's dead letters travel as events do: a Kafka that is away cannot make one exist only in the log. */
    private void deadLetter(DeadLetter letter, String key) {
        publisher.publish(List.of(publisher.deadLetter(letter, key))).get(0).whenComplete((taken, refused) -> {
            if (refused != null) {
                LOG.error("the dead letter of event {} ({}) could not be handed on: {}; the client was told why it"
                        + " was refused", letter.messageId(), letter.reason(), refused.getMessage());
            }
        });
    }

    /**
     * Step 9: an event is forwarded once the publisher took it (see {@link EventPublisher}); one
     * that was not taken in time makes the request a 503 (a batch's answer lists it), and its
     * dedup mark is released by {@link #judge} so the client's retry goes through.
     */
    private void publish(KeyOwner owner, Judgement judgement, Map<String, String> headers) {
        List<Candidate> pending = judgement.pending();
        if (pending.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> taken = publisher.publish(pending.stream()
                .map(candidate -> publisher.event(EventEnvelope.ingested(owner.workspaceId(), owner.sourceId(),
                        candidate.messageId, candidate.fields.type(), candidate.times.receivedAt(), headers,
                        candidate.event)))
                .toList());
        long deadline = System.nanoTime() + takeTimeout.toNanos();
        for (int position = 0; position < pending.size(); position++) {
            AppError notTaken = awaitTaken(taken.get(position), deadline);
            if (notTaken == null) {
                judgement.forward(pending.get(position));
            } else {
                judgement.notTaken(pending.get(position), notTaken);
            }
        }
    }

    /** Null once the event is taken; the 503 to answer when it was not, or not before the deadline. */
    private static AppError awaitTaken(CompletableFuture<Void> taken, long deadline) {
        try {
            taken.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException refused) {
            Throwable cause = refused.getCause();
            String message = cause instanceof EventPublisher.Unavailable ? cause.getMessage()
                    : "events cannot be handed on right now; retry shortly";
            return AppError.unavailable(message, RETRY_AFTER_SECONDS, cause);
        } catch (TimeoutException slow) {
            return AppError.unavailable("events could not be stored in time; retry shortly", RETRY_AFTER_SECONDS, slow);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return AppError.unavailable("the server is stopping; retry shortly", RETRY_AFTER_SECONDS, interrupted);
        }
    }
}
