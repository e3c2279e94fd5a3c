package io.cdp.server.bulker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.event.EventEnvelope;
import java.util.Map;

/**
 * One event ready to be written: its flattened columns (base columns filled from the envelope)
 * and the envelope it came from, kept for the dead-letter queue. {@code bytes} is the size of
 * the Kafka message, used to flush batches by size.
 *
 * <p>{@code columns} is mutable only while the row is prepared (identity stitching sets
 * {@code user_id}); after that it is read by one writer thread at a time.
 */
public record Row(EventEnvelope envelope, Map<String, JsonNode> columns, int bytes) {

    public String workspaceId() {
        return envelope.workspaceId();
    }

    public String messageId() {
        return envelope.messageId();
    }

    /** The text of a column, or {@code null} when the column is absent, null or empty. */
    public String text(String column) {
        JsonNode value = columns.get(column);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }
}
