package io.cdp.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.keys.WriteKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log lines of the ingest API (seed "Logging Policy"): one line per request with
 * {@code workspace_id, source_id, message_id, event_type, duration_ms, status_code} as MDC
 * fields (the JSON layout prints them as fields), one line per refused event of a batch, the
 * event body only when the policy asks ({@code LOG_PAYLOAD_ON_SUCCESS} / {@code _ON_ERROR}).
 * Write keys never reach it: callers pass the masked form. Thread-safe.
 */
public class IngestLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.cdp.server.ingest.requests");
    private static final String[] FIELDS = {"workspace_id", "source_id", "message_id", "event_type", "duration_ms",
            "status_code", "write_key", "error_field"};

    private final boolean payloadOnSuccess;
    private final boolean payloadOnError;

    public IngestLog(boolean payloadOnSuccess, boolean payloadOnError) {
        this.payloadOnSuccess = payloadOnSuccess;
        this.payloadOnError = payloadOnError;
    }

    /** What one log line is about. {@code maskedKey} is set only when there is no owner (bad key). */
    public record Entry(KeyOwner owner, String maskedKey, String eventType, String messageId, long durationMs,
                        int status, String summary, String error, String field, JsonNode payload) {
    }

    public void log(Entry entry) {
        try {
            if (entry.owner() != null) {
                MDC.put("workspace_id", entry.owner().workspaceId());
                MDC.put("source_id", entry.owner().sourceId());
            } else if (entry.maskedKey() != null) {
                MDC.put("write_key", entry.maskedKey());
            }
            putIfPresent("message_id", entry.messageId());
            putIfPresent("event_type", entry.eventType());
            MDC.put("duration_ms", String.valueOf(entry.durationMs()));
            MDC.put("status_code", String.valueOf(entry.status()));
            putIfPresent("error_field", entry.field());
            boolean failed = entry.status() >= 400 || entry.error() != null;
            boolean withPayload = entry.payload() != null && (failed ? payloadOnError : payloadOnSuccess);
            String message = WriteKeys.scrub(entry.summary() + (entry.error() == null ? "" : ": " + entry.error())
                    + (withPayload ? " payload=" + entry.payload() : ""));
            if (entry.status() >= 500) {
                LOG.error(message);
            } else if (failed) {
                LOG.warn(message);
            } else {
                LOG.info(message);
            }
        } finally {
            for (String field : FIELDS) {
                MDC.remove(field);
            }
        }
    }

    private static void putIfPresent(String field, String value) {
        if (value != null) {
            MDC.put(field, value);
        }
    }
}
