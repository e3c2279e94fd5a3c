package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Lists, shows and replays dead letters. A replay never touches the dead-letter topic. A letter
 * of the rotor or the bulker is produced, as an {@link EventEnvelope} with its retry count reset,
 * to the retry topic, where the rotor takes it up again (functions run again, then the bulker
 * writes). A letter ingest wrote (the event as it was received) goes through ingest's checks
 * again ({@link IngestRecheck}: validation, timestamps, late check, schema) and, when it passes
 * them, to the ingest topic, as if it had just been accepted; when it does not, it is skipped with
 * ingest's reason and stays where it is. Replaying twice is harmless: destinations keep one row
 * per message id.
 */
public class DeadLetterService {
    private final DeadLetterRepo repo;
    private final Producer<String, byte[]> producer;
    private final String retryTopic;
    private final String ingestTopic;
    private final IngestRecheck ingestChecks;

    public DeadLetterService(DeadLetterRepo repo, Producer<String, byte[]> producer, String retryTopic,
                             String ingestTopic, IngestRecheck ingestChecks) {
        this.repo = repo;
        this.producer = producer;
        this.retryTopic = retryTopic;
        this.ingestTopic = ingestTopic;
        this.ingestChecks = ingestChecks;
    }

    public List<DeadLetterEntry> list(DeadLetterFilter filter) {
        return repo.list(filter);
    }

    /** One page of the matching letters, newest first; {@code cursor} is a page's {@code next}, or null. */
    public DeadLetterPage page(DeadLetterFilter filter, String cursor) {
        return repo.page(filter, cursorOf(cursor));
    }

    public DeadLetterEntry show(String id) {
        if (DeadLetterEntry.parse(id).isEmpty()) {
            throw AppError.badRequest("not a dead-letter id: '" + id + "' (ids look like 0-42; see `cdp dlq list`)", "id");
        }
        return repo.find(id).orElseThrow(() -> AppError.notFound(
                "no dead letter " + id + " (it may have expired from Kafka; see `cdp dlq list`)"));
    }

    /** Replays the given letters, in order; waits until Kafka acknowledged every one. */
    public ReplayResult replay(List<String> ids) {
        List<DeadLetterEntry> entries = new ArrayList<>();
        for (String id : ids) {
            entries.add(show(id));
        }
        return replayEntries(entries);
    }

    /** Replays the first page of letters the filter matches (the newest {@code limit} of them). */
    public ReplayResult replayMatching(DeadLetterFilter filter) {
        return replayMatching(filter, null);
    }

    /**
     * Replays one page of the letters the filter matches, from {@code cursor} (null: the newest);
     * the result's {@code next} is the cursor of the following page, null after the last one.
     */
    public ReplayResult replayMatching(DeadLetterFilter filter, String cursor) {
        DeadLetterPage page = repo.page(filter, cursorOf(cursor));
        ReplayResult replayed = replayEntries(page.letters());
        return new ReplayResult(replayed.replayed(), replayed.skipped(), page.next());
    }

    private static DeadLetterCursor cursorOf(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        return DeadLetterCursor.parse(cursor).orElseThrow(() -> AppError.badRequest("not a cursor: '" + cursor
                + "' (pass the \"next\" of the previous page unchanged)", "cursor"));
    }

    private ReplayResult replayEntries(List<DeadLetterEntry> entries) {
        List<ReplayResult.Skipped> skipped = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (DeadLetterEntry entry : entries) {
            DeadLetter letter = entry.letter();
            EventEnvelope envelope;
            String topic;
            if (fromIngest(letter)) {
                try {
                    envelope = ingestChecks.recheck(letter);
                } catch (AppError refused) {
                    if (refused.status() >= 500) {
                        throw refused; // PostgreSQL away: the replay fails and can be tried again, nothing is skipped
                    }
                    skipped.add(new ReplayResult.Skipped(entry.id(), "ingest refuses it again: " + refused.getMessage()
                            + refused.field().map(field -> " (field " + field + ")").orElse("")));
                    continue;
                }
                topic = ingestTopic;
            } else {
                envelope = envelopeOf(letter);
                topic = retryTopic;
            }
            if (envelope == null) {
                skipped.add(new ReplayResult.Skipped(entry.id(), "the letter carries no event to replay"));
                continue;
            }
            CompletableFuture<Void> acked = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(topic, envelope.partitionKey(), EventJson.toBytes(envelope)),
                    (metadata, error) -> {
                        if (error == null) {
                            acked.complete(null);
                        } else {
                            acked.completeExceptionally(error);
                        }
                    });
            acks.add(acked);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AppError.unavailable("replay interrupted; some letters may not have been replayed", e);
        } catch (ExecutionException e) {
            throw AppError.unavailable("Kafka refused the replay (" + e.getCause().getMessage()
                    + "); check that Kafka runs (`cdp dev status`) and try again", e.getCause());
        }
        return new ReplayResult(acks.size(), skipped, null);
    }

    /** A letter ingest wrote around the event as it was received (not an envelope of a later stage). */
    private static boolean fromIngest(DeadLetter letter) {
        return letter.stage() == DeadLetter.Stage.INGEST && letter.workspaceId() != null
                && letter.payload() instanceof ObjectNode payload
                && !(payload.has("message_id") && payload.path("event").isObject());
    }

    /**
     * The envelope to replay: the one the letter carries (rotor, bulker), or one built around
     * the raw event ingest refused. Null when there is nothing to replay.
     */
    static EventEnvelope envelopeOf(DeadLetter letter) {
        JsonNode payload = letter.payload();
        if (payload == null || !payload.isObject()) {
            return null;
        }
        if (payload.has("message_id") && payload.path("event").isObject()) {
            try {
                EventEnvelope stored = EventJson.MAPPER.treeToValue(payload, EventEnvelope.class);
                return new EventEnvelope(stored.workspaceId(), stored.sourceId(), stored.messageId(), stored.type(),
                        stored.receivedAt(), stored.table(), 0, null, stored.headers(), stored.event());
            } catch (Exception notAnEnvelope) {
                // fall through: treat it as a raw event
            }
        }
        if (letter.workspaceId() == null) {
            return null;
        }
        ObjectNode event = (ObjectNode) payload;
        String messageId = letter.messageId() != null ? letter.messageId() : event.path("messageId").asText(null);
        if (messageId == null) {
            return null;
        }
        Instant receivedAt = parseInstant(event.path("receivedAt").asText(null), letter.failedAt());
        return EventEnvelope.ingested(letter.workspaceId(), letter.sourceId(), messageId,
                event.path("type").asText("track"), receivedAt, event);
    }

    private static Instant parseInstant(String text, Instant fallback) {
        try {
            return text == null ? fallback : Instant.parse(text);
        } catch (RuntimeException notAnInstant) {
            return fallback;
        }
    }
}
