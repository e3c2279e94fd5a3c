package io.cdp.server.dlq;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A message on {@code events.dlq}: what could not be processed, why, and everything needed to
 * replay it. The payload is never changed: replay writes a fixed copy to {@code events.retry}
 * and leaves the dead-letter topic as it was.
 *
 * <p>{@code payload} is the {@link io.cdp.server.event.EventEnvelope} when one existed (rotor,
 * bulker) or the raw event as received (ingest); {@code field} names the offending field when
 * one is to blame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        @JsonProperty("stage") Stage stage,
        @JsonProperty("reason") String reason,
        @JsonProperty("field") String field,
        @JsonProperty("error") String error,
        @JsonProperty("stack") String stack,
        @JsonProperty("function_id") String functionId,
        @JsonProperty("workspace_id") String workspaceId,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("message_id") String messageId,
        @JsonProperty("failed_at") Instant failedAt,
        @JsonProperty("retries") int retries,
        @JsonProperty("payload") JsonNode payload) {

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
        public static final String SANDBOX_VIOLATION = "sandbox_violation";
        public static final String RETRIES_EXHAUSTED = "retries_exhausted";
        public static final String MALFORMED_MESSAGE = "malformed_message";
        public static final String TYPE_CONFLICT = "type_conflict";
        public static final String TOO_MANY_COLUMNS = "too_many_columns";
        public static final String WRITE_FAILED = "write_failed";

        private Reasons() {
        }
    }

    public DeadLetter {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failedAt, "failed_at");
    }
}
