package io.cdp.server.bulker.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event ready to be written, as {@link RowReader} made it from a message of
 * {@code events.processed}: the flattened columns as one JSON object ({@link #json()}), the
 * name and type of every non-null column (what the schema planner checks), and the few values
 * the bulker itself reads (key, visitor ids, type, table).
 *
 * <p>The columns are kept as bytes rather than as a tree of nodes because a batch of ten
 * thousand trees, built as the rows arrived, is read back from cold memory by the planner and
 * the writer: walking them costs more than everything else the bulker does. A tree
 * ({@link #columns()}) and the envelope ({@link #envelope()}) are made on demand for the
 * destinations and the dead-letter queue that need them.
 *
 * <p>Not thread-safe: a row is read by one thread at a time (the consumer, then one writer).
 */
public final class Row {
    /** The Kafka message, from {@code messageOffset}, {@code messageLength} bytes long. */
    private final byte[] message;
    private final int messageOffset;
    private final int messageLength;
    private final String workspaceId;
    private final String messageId;
    private final String table;
    private final String type;
    private final String anonymousId;
    private final String userId;
    private final boolean userIdWritten;
    private RowFields fields;
    private final byte[] json;

    private String stitchedUserId;
    private EventEnvelope envelope;
    private Map<String, JsonNode> columns;

    Row(byte[] message, int messageOffset, int messageLength, String workspaceId, String messageId, String table,
        String type, String anonymousId, String userId, boolean userIdWritten, RowFields fields, byte[] json) {
        this.message = message;
        this.messageOffset = messageOffset;
        this.messageLength = messageLength;
        this.workspaceId = workspaceId;
        this.messageId = messageId;
        this.table = table;
        this.type = type;
        this.anonymousId = anonymousId;
        this.userId = userId;
        this.userIdWritten = userIdWritten;
        this.fields = fields;
        this.json = json;
    }

    public String workspaceId() {
        return workspaceId;
    }

    public String messageId() {
        return messageId;
    }

    /** The table the rotor chose, or {@code null} for the default table. */
    public String table() {
        return table;
    }

    /** The size of the Kafka message, used to flush batches by size. */
    public int bytes() {
        return messageLength;
    }

    /** The event type ({@code track}, {@code identify}...), or {@code null}. */
    public String type() {
        return type;
    }

    /** The anonymous id, or {@code null} when absent or empty. */
    public String anonymousId() {
        return anonymousId;
    }

    /** The user id the client sent or, failing that, the one stitching gave; {@code null} when neither. */
    public String userId() {
        return userId != null ? userId : stitchedUserId;
    }

    /** The user id identity stitching gave this row, which had none; {@code null} when not stitched. */
    public String stitchedUserId() {
        return stitchedUserId;
    }

    /**
     * Gives this row, which has no user id, the one its visitor was identified with: its
     * columns gain {@code user_id} and {@code _stitched}.
     */
    public void stitch(String stitchedUserId) {
        if (userId != null || this.stitchedUserId != null) {
            throw new IllegalStateException("row " + messageId + " already has a user id");
        }
        this.stitchedUserId = stitchedUserId;
        if (!userIdWritten) {
            fields = fields.plus(BaseColumns.USER_ID, FieldType.ofText(stitchedUserId));
        }
        fields = fields.plus(BaseColumns.STITCHED, FieldType.BOOL);
        this.columns = null;
    }

    /**
     * The non-null columns, in the order the event has them, the base columns and stitched ones
     * last; numbers are typed {@link FieldType#FLOAT}, with whether they fit a long. Often the
     * same instance as other rows' (see {@link RowFields}), so rows can be grouped by their
     * fields' identity.
     */
    public RowFields fields() {
        return fields;
    }

    public int fieldCount() {
        return fields.count();
    }

    public String fieldName(int index) {
        return fields.name(index);
    }

    /** The type of the value ({@link FieldType#FLOAT} for every number). */
    public FieldType fieldType(int index) {
        return fields.type(index);
    }

    /** Whether the value is an integer that fits a long (and so fits an {@link FieldType#INT} column). */
    public boolean fieldIntegral(int index) {
        return fields.integral(index);
    }

    /** Whether the row has a non-null value for {@code column}. */
    public boolean has(String column) {
        return fields.has(column);
    }

    /**
     * The columns as one JSON object without its closing brace, so a writer can append columns
     * of its own (a version, a stitched user id) and close it. Null values are left out; arrays
     * are JSON text. Never empty (the key columns are always there). Does not include the
     * columns stitching adds.
     */
    public byte[] json() {
        return json;
    }

    /** Whether {@link #json()} has a {@code user_id} (an empty one, on a stitched row). */
    public boolean jsonHasUserId() {
        return userIdWritten;
    }

    /** The columns as a tree, stitched user id included; made on first use. */
    public Map<String, JsonNode> columns() {
        if (columns == null) {
            Map<String, JsonNode> tree = new LinkedHashMap<>();
            try {
                ObjectNode object = (ObjectNode) EventJson.MAPPER.readTree(closed(json));
                object.fields().forEachRemaining(field -> tree.put(field.getKey(), field.getValue()));
            } catch (IOException e) {
                throw new UncheckedIOException("row " + messageId + " has malformed columns", e);
            }
            if (stitchedUserId != null) {
                tree.put(BaseColumns.USER_ID, TextNode.valueOf(stitchedUserId));
                tree.put(BaseColumns.STITCHED, BooleanNode.TRUE);
            }
            columns = Collections.unmodifiableMap(tree);
        }
        return columns;
    }

    /** The text of a column, or {@code null} when the column is absent, null or empty. */
    public String text(String column) {
        JsonNode value = columns().get(column);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    /** The envelope the row came from, for the dead-letter queue; read from the message on first use. */
    public EventEnvelope envelope() {
        if (envelope == null) {
            try {
                envelope = EventJson.envelope(message, messageOffset, messageLength);
            } catch (IOException e) {
                throw new UncheckedIOException("row " + messageId + ": its message is no longer readable", e);
            }
        }
        return envelope;
    }

    private static byte[] closed(byte[] open) {
        byte[] object = Arrays.copyOf(open, open.length + 1);
        object[open.length] = '}';
        return object;
    }
}
