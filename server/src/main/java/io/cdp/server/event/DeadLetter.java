package io.cdp.server.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Objects;

/**
 * A message on {@code events.dlq}: what could not be processed, why, and everything needed to
 * replay it. The payload is never changed: replay writes a fixed copy to {@code events.retry}
 * and leaves the dead-letter topic as it was.
 *
 * <p>{@code payload} is the {@link EventEnvelope} when one existed (rotor, bulker) or the raw
 * event as received (ingest); {@code field} names the offending field when one is to blame. Each
 * stage builds its letters with its own factory ({@link #ingest}, {@link #rotor}, {@link #bulker},
 * {@link #malformed}), which fills in what that stage knows and leaves the rest out.
 *
 * <p>It lives beside {@link EventEnvelope} because every stage and the {@code dlq} package that
 * lists and replays letters all depend on it: here they reach it downward.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetter(Stage stage, String reason, String field, String error, String stack, String functionId,
                         String workspaceId, String sourceId, String messageId, Instant failedAt, int retries,
                         JsonNode payload) {

    /** Where in the pipeline the event failed. */
    public enum Stage {
        @JsonProperty("ingest") INGEST,
        @JsonProperty("rotor") ROTOR,
        @JsonProperty("bulker") BULKER
    }

    /** Machine-readable reasons; {@code error} carries the human-readable detail. */
    public static final class Reasons {
        public static final String SCHEMA_CONFLICT = "schema_conflict";
        public static final String FUNCTION_ERROR = "function_error";
        public static final String FUNCTION_TIMEOUT = "function_timeout";
        /** A function passed a size or memory limit (fetch response, output, store value, heap). */
        public static final String FUNCTION_LIMIT = "function_limit";
        public static final String SANDBOX_VIOLATION = "sandbox_violation";
        public static final String RETRIES_EXHAUSTED = "retries_exhausted";
        public static final String MALFORMED_MESSAGE = "malformed_message";
        public static final String TYPE_CONFLICT = "type_conflict";
        public static final String TOO_MANY_COLUMNS = "too_many_columns";
        /** Two keys of the event flatten to one column with different values (see {@link FieldCollisionException}). */
        public static final String FIELD_COLLISION = "field_collision";
        public static final String WRITE_FAILED = "write_failed";
        /** The event's workspace id or table cannot name a destination table (see TenantTables). */
        public static final String INVALID_TABLE = "invalid_table";

        private Reasons() {
        }
    }

    public DeadLetter {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failed_at");
    }

    /**
     * An event refused by ingest after it was accepted into the pipeline's checks; {@code received}
     * is the event as it arrived, so a replay starts from what the client sent.
     */
    public static DeadLetter ingest(String reason, String field, String error, String workspaceId, String sourceId,
                                    String messageId, Instant failedAt, JsonNode received) {
        return new DeadLetter(Stage.INGEST, reason, field, error, null, null, workspaceId, sourceId, messageId,
                failedAt, 0, received);
    }

    /** An envelope a function could not process; {@code functionId} is the function to blame, if one is. */
    public static DeadLetter rotor(String reason, String error, String stack, String functionId,
                                   EventEnvelope envelope, Instant failedAt) {
        return new DeadLetter(Stage.ROTOR, reason, null, error, stack, functionId, envelope.workspaceId(),
                envelope.sourceId(), envelope.messageId(), failedAt, envelope.retries(),
                EventJson.MAPPER.valueToTree(envelope));
    }

    /** A row a destination refused; {@code field} names the column to blame, if one is. */
    public static DeadLetter bulker(String reason, String field, String error, EventEnvelope envelope,
                                    Instant failedAt) {
        return new DeadLetter(Stage.BULKER, reason, field, error, null, null, envelope.workspaceId(),
                envelope.sourceId(), envelope.messageId(), failedAt, envelope.retries(),
                EventJson.MAPPER.valueToTree(envelope));
    }

    /**
     * A Kafka message that {@code stage} consumed and could not read as an envelope at all: only its
     * bytes (as JSON where they are JSON) are kept.
     */
    public static DeadLetter malformed(Stage stage, String error, JsonNode payload, Instant failedAt) {
        return new DeadLetter(stage, Reasons.MALFORMED_MESSAGE, null, error, null, null, null, null, null,
                failedAt, 0, payload);
    }
}
