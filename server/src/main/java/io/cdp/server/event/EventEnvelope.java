package io.cdp.server.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event as it travels between the stages, the value of every message on
 * {@code events.ingest}, {@code events.retry} and {@code events.processed}.
 *
 * <p>{@code event} is the Segment-shaped event as the client sent it (nested, camelCase), with
 * the server's normalised {@code messageId}, {@code receivedAt}, {@code sentAt} and
 * {@code timestamp} set: functions see exactly what Jitsu's functions see. Flattening into
 * columns happens where rows are written (bulker) and where the schema is checked (ingest), with
 * the same {@link Flattener}.
 *
 * <p>On {@code events.processed}, {@code table} names the destination table the rotor chose
 * (from {@code JITSU_TABLE_NAME}/{@code CDP_TABLE}); {@code null} means the default table.
 * {@code retries} counts passes through {@code events.retry}; {@code notBefore} is when a retried
 * event may run again.
 *
 * <p>{@code headers} are the HTTP request's headers as ingest passes them on ({@code
 * RequestHeaders}: lower-case names, no credentials, bounded), for {@code ctx.headers}. They
 * travel on {@code events.ingest} and {@code events.retry} only: the rotor leaves them off what
 * it writes to {@code events.processed}, and the bulker writes only {@code event} to tables.
 *
 * <p>Immutable and thread-safe as long as {@code event} and {@code headers} are not modified after
 * construction (they are not copied: the rotor reads thousands of envelopes a second).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventEnvelope(String workspaceId, String sourceId, String messageId, String type, Instant receivedAt,
                            String table, int retries, Instant notBefore, Map<String, String> headers,
                            ObjectNode event) {

    /** The table events go to when nothing else is said. */
    public static final String DEFAULT_TABLE = "events";

    public EventEnvelope {
        Objects.requireNonNull(workspaceId, "workspace_id");
        Objects.requireNonNull(messageId, "message_id");
        Objects.requireNonNull(event, "event");
        headers = headers == null || headers.isEmpty() ? null : headers;
    }

    /** An envelope without request headers (what the rotor writes to events.processed, and tools). */
    public EventEnvelope(String workspaceId, String sourceId, String messageId, String type, Instant receivedAt,
                         String table, int retries, Instant notBefore, ObjectNode event) {
        this(workspaceId, sourceId, messageId, type, receivedAt, table, retries, notBefore, null, event);
    }

    /** A fresh envelope from ingest: default table, no retries. */
    public static EventEnvelope ingested(String workspaceId, String sourceId, String messageId, String type,
                                         Instant receivedAt, ObjectNode event) {
        return ingested(workspaceId, sourceId, messageId, type, receivedAt, null, event);
    }

    /** A fresh envelope from ingest with the request's headers (see {@code RequestHeaders}). */
    public static EventEnvelope ingested(String workspaceId, String sourceId, String messageId, String type,
                                         Instant receivedAt, Map<String, String> headers, ObjectNode event) {
        return new EventEnvelope(workspaceId, sourceId, messageId, type, receivedAt, null, 0, null, headers, event);
    }

    /** The request headers, empty when none travelled with the event. */
    public Map<String, String> headersOrEmpty() {
        return headers == null ? Map.of() : headers;
    }

    /** The table this event is written to. */
    public String tableOrDefault() {
        return tableOrDefault(table);
    }

    /** {@code table}, or the default table when it is null or blank. */
    public static String tableOrDefault(String table) {
        return table == null || table.isBlank() ? DEFAULT_TABLE : table;
    }

    /**
     * The Kafka key: {@code anonymousId}, else {@code userId}, else the message id. Keying by
     * anonymous id keeps one visitor's events in order on one partition, which identity
     * stitching relies on.
     */
    public String partitionKey() {
        return partitionKey(event, messageId);
    }

    /** {@link #partitionKey()} of an event not (yet) in an envelope. */
    public static String partitionKey(ObjectNode event, String messageId) {
        String anonymousId = text(event, "anonymousId");
        if (anonymousId != null) {
            return anonymousId;
        }
        String userId = text(event, "userId");
        return userId != null ? userId : messageId;
    }

    public EventEnvelope withEvent(ObjectNode newEvent, String newTable) {
        return new EventEnvelope(workspaceId, sourceId, messageId, type, receivedAt, newTable, retries, notBefore,
                headers, newEvent);
    }

    public EventEnvelope withMessageId(String newMessageId) {
        return new EventEnvelope(workspaceId, sourceId, newMessageId, type, receivedAt, table, retries, notBefore,
                headers, event);
    }

    public EventEnvelope retried(Instant due) {
        return new EventEnvelope(workspaceId, sourceId, messageId, type, receivedAt, table, retries + 1, due, headers,
                event);
    }

    /** The same envelope without request headers. */
    public EventEnvelope withoutHeaders() {
        return headers == null ? this
                : new EventEnvelope(workspaceId, sourceId, messageId, type, receivedAt, table, retries, notBefore, event);
    }

    private static String text(ObjectNode event, String field) {
        var node = event.get(field);
        return node == null || node.isNull() || node.asText().isEmpty() ? null : node.asText();
    }
}
