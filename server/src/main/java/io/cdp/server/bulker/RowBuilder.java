package io.cdp.server.bulker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.Flattener;
import java.time.Instant;
import java.util.Map;

/**
 * Turns an envelope from {@code events.processed} into a {@link Row}: the event flattened
 * ({@code context.page.url} → {@code context_page_url}) and the base columns set from the
 * envelope, which is authoritative (the server's {@code received_at}, the workspace the write key
 * belongs to). Stateless and thread-safe.
 */
public final class RowBuilder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RowBuilder() {
    }

    public static Row build(EventEnvelope envelope, int bytes) {
        Map<String, JsonNode> columns = Flattener.flatten(envelope.event());
        columns.put(BaseColumns.WORKSPACE_ID, NODES.textNode(envelope.workspaceId()));
        columns.put(BaseColumns.MESSAGE_ID, NODES.textNode(envelope.messageId()));
        if (envelope.sourceId() != null) {
            columns.put(BaseColumns.SOURCE_ID, NODES.textNode(envelope.sourceId()));
        }
        if (envelope.type() != null) {
            columns.put(BaseColumns.TYPE, NODES.textNode(envelope.type()));
        }
        Instant receivedAt = envelope.receivedAt() != null ? envelope.receivedAt() : Instant.now();
        JsonNode received = NODES.textNode(receivedAt.toString());
        columns.put(BaseColumns.RECEIVED_AT, received);
        JsonNode timestamp = columns.get(BaseColumns.TIMESTAMP);
        if (timestamp == null || timestamp.isNull()) {
            // Event time defaults to the server's time, as Segment does.
            columns.put(BaseColumns.TIMESTAMP, received);
        }
        // Only stitching may set this column; a client cannot claim a user id was stitched.
        columns.remove(BaseColumns.STITCHED);
        return new Row(envelope, columns, bytes);
    }
}
