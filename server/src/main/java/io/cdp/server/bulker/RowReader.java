package io.cdp.server.bulker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldNames;
import io.cdp.server.event.FieldType;
import io.cdp.server.event.Flattener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a message of {@code events.processed} straight into a {@link Row}, in one pass over its
 * bytes and without building a tree: the event is flattened as {@link Flattener} does it
 * ({@code context.page.url} → {@code context_page_url}, arrays kept whole as JSON text, the first
 * of two keys that sanitize alike wins), each value typed as {@link FieldType#of} types it, and
 * the base columns are set from the envelope, which is authoritative (the server's
 * {@code received_at}, the workspace the write key belongs to). {@code RowReaderTest} holds the
 * reader to the tree-based definition.
 *
 * <p>One pass matters: this runs on the bulker's consumer thread for every event, and reading
 * into trees, flattening them and serializing them again was most of the bulker's time.
 *
 * <p>Not thread-safe (it keeps caches and scratch space): one reader per consumer thread.
 */
public final class RowReader {
    private static final JsonFactory JSON = EventJson.MAPPER.getFactory();
    /** Keys remembered (with their column names); bounded because keys come from clients. */
    private static final int MAX_CACHED_KEYS = 50_000;

    /**
     * One String per distinct workspace, type and visitor id: the writer threads hash and compare
     * them for every row of a batch, long after reading, and a shared instance is in cache with
     * its hash computed where ten thousand copies are not.
     */
    private Map<String, String> canonical = new HashMap<>();
    private Key root = new Key(null, "");
    private Map<String, Column> columns = new HashMap<>();
    private int cachedKeys;
    private long rowNumber;

    // Scratch space for the row being read; the generator is reused (creating one per row showed in profiles).
    private final RowBuffer out = new RowBuffer();
    private final CharsView parsedText = new CharsView();
    private JsonGenerator json;
    private String[] names = new String[64];
    private FieldType[] types = new FieldType[64];
    private boolean[] integral = new boolean[64];
    private int count;
    private JsonNode eventSourceId;
    private JsonNode eventType;
    private String anonymousId;
    private String userId;
    private boolean userIdWritten;
    private boolean hasTimestamp;

    /** A row from an envelope (tests, tools): the envelope as the rotor would write it, read back. */
    public static Row of(EventEnvelope envelope) {
        try {
            return new RowReader().read(EventJson.toBytes(envelope));
        } catch (IOException e) {
            throw new IllegalArgumentException("envelope " + envelope.messageId() + " cannot be read back", e);
        }
    }

    /** Reads one message; throws {@link IOException} for a message that is not an envelope (dead-letter it). */
    public Row read(byte[] message) throws IOException {
        reset();
        String workspaceId = null;
        String messageId = null;
        String sourceId = null;
        String type = null;
        String receivedAt = null;
        String table = null;
        boolean hasEvent = false;
        boolean done = false;
        try (JsonParser parser = JSON.createParser(message)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the message is not a JSON object");
            }
            json.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "workspace_id" -> workspaceId = text(parser, field);
                    case "message_id" -> messageId = text(parser, field);
                    case "source_id" -> sourceId = text(parser, field);
                    case "type" -> type = text(parser, field);
                    case "table" -> table = text(parser, field);
                    case "received_at" -> receivedAt = instant(parser);
                    case "event" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new IOException("event is not a JSON object");
                        }
                        flatten(parser, root);
                        hasEvent = true;
                    }
                    default -> parser.skipChildren();
                }
            }
            if (workspaceId == null || messageId == null || !hasEvent) {
                throw new IOException("the envelope lacks " + (workspaceId == null ? "workspace_id"
                        : messageId == null ? "message_id" : "event"));
            }
            String received = receivedAt != null ? receivedAt : Instant.now().toString();
            writeText(BaseColumns.WORKSPACE_ID, workspaceId);
            writeText(BaseColumns.MESSAGE_ID, messageId);
            writeEnvelopeOrEvent(BaseColumns.SOURCE_ID, sourceId, eventSourceId);
            writeEnvelopeOrEvent(BaseColumns.TYPE, type, eventType);
            writeText(BaseColumns.RECEIVED_AT, received);
            if (!hasTimestamp) {
                writeText(BaseColumns.TIMESTAMP, received); // event time defaults to the server's, as Segment's does
            }
            if (type == null && eventType != null && !eventType.isNull() && !eventType.asText().isEmpty()) {
                type = eventType.asText();
            }
            json.writeEndObject();
            json.flush();
            done = true;
            return new Row(message, canonical(workspaceId), messageId, table, canonical(type), canonical(anonymousId),
                    canonical(userId), userIdWritten,
                    Arrays.copyOf(names, count), Arrays.copyOf(types, count), Arrays.copyOf(integral, count),
                    out.withoutClosingBrace());
        } finally {
            if (!done) {
                json = null; // left inside an unfinished object: start the next row on a new one
            }
        }
    }

    private void reset() throws IOException {
        out.reset();
        if (json == null) {
            json = JSON.createGenerator(out);
            json.setRootValueSeparator(null);
        }
        rowNumber++;
        if (cachedKeys > MAX_CACHED_KEYS) {
            root = new Key(null, "");
            columns = new HashMap<>();
            cachedKeys = 0;
        }
        if (canonical.size() > MAX_CACHED_KEYS) {
            canonical = new HashMap<>();
        }
        count = 0;
        eventSourceId = null;
        eventType = null;
        anonymousId = null;
        userId = null;
        userIdWritten = false;
        hasTimestamp = false;
    }

    /** The fields of the object the parser is in, flattened under {@code parent}. */
    private void flatten(JsonParser parser, Key parent) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            Key key = parent.child(parser.currentName());
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                flatten(parser, key);
                continue;
            }
            Column column = key.column();
            if (column.seenInRow == rowNumber) {
                parser.skipChildren(); // the first of two keys that sanitize alike wins
                continue;
            }
            column.seenInRow = rowNumber;
            String name = column.name;
            switch (name) {
                // The envelope decides these; the event's own values never reach the table.
                case BaseColumns.WORKSPACE_ID, BaseColumns.MESSAGE_ID, BaseColumns.RECEIVED_AT,
                     BaseColumns.STITCHED -> parser.skipChildren();
                // The event's values count only when the envelope has none.
                case BaseColumns.SOURCE_ID -> eventSourceId = parser.readValueAsTree();
                case BaseColumns.TYPE -> eventType = parser.readValueAsTree();
                default -> value(parser, name, token);
            }
        }
    }

    private void value(JsonParser parser, String name, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING -> {
                json.writeFieldName(name);
                if (isVisitorId(name)) {
                    String text = parser.getText();
                    json.writeString(text);
                    remember(name, text);
                    add(name, FieldType.ofText(text), false);
                } else {
                    // The characters as the parser holds them: no String made for most values.
                    char[] chars = parser.getTextCharacters();
                    int offset = parser.getTextOffset();
                    int length = parser.getTextLength();
                    json.writeString(chars, offset, length);
                    add(name, FieldType.ofText(parsedText.of(chars, offset, length)), false);
                }
            }
            case VALUE_NUMBER_INT -> {
                json.writeFieldName(name);
                boolean fitsLong = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                if (fitsLong) {
                    json.writeNumber(parser.getLongValue());
                } else {
                    json.writeNumber(parser.getBigIntegerValue());
                }
                add(name, FieldType.FLOAT, fitsLong);
                if (isVisitorId(name)) {
                    remember(name, parser.getText());
                }
            }
            case VALUE_NUMBER_FLOAT -> {
                json.writeFieldName(name);
                json.writeNumber(parser.getDoubleValue());
                add(name, FieldType.FLOAT, false);
                if (isVisitorId(name)) {
                    remember(name, String.valueOf(parser.getDoubleValue()));
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                json.writeFieldName(name);
                json.writeBoolean(token == JsonToken.VALUE_TRUE);
                add(name, FieldType.BOOL, false);
                if (isVisitorId(name)) {
                    remember(name, String.valueOf(token == JsonToken.VALUE_TRUE));
                }
            }
            case START_ARRAY -> {
                // Arrays are stored as their JSON text; the tree keeps that text identical to Flattener's.
                json.writeFieldName(name);
                json.writeString(parser.readValueAsTree().toString());
                add(name, FieldType.JSON, false);
            }
            default -> { // null: says nothing about the type and is not written
            }
        }
        if (token != JsonToken.VALUE_NULL) {
            hasTimestamp |= name.equals(BaseColumns.TIMESTAMP);
            userIdWritten |= name.equals(BaseColumns.USER_ID);
        }
    }

    private String canonical(String text) {
        if (text == null) {
            return null;
        }
        String known = canonical.putIfAbsent(text, text);
        return known != null ? known : text;
    }

    private static boolean isVisitorId(String name) {
        return name.equals(BaseColumns.ANONYMOUS_ID) || name.equals(BaseColumns.USER_ID);
    }

    /** Keeps the visitor ids (as {@code JsonNode.asText()} would give them) for identity stitching. */
    private void remember(String name, String text) {
        if (name.equals(BaseColumns.ANONYMOUS_ID)) {
            anonymousId = text.isEmpty() ? null : text;
        } else if (name.equals(BaseColumns.USER_ID)) {
            userId = text.isEmpty() ? null : text;
        }
    }

    private void add(String name, FieldType type, boolean longInteger) {
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            types = Arrays.copyOf(types, count * 2);
            integral = Arrays.copyOf(integral, count * 2);
        }
        names[count] = name;
        types[count] = type;
        integral[count] = longInteger;
        count++;
    }

    private void writeText(String name, String value) throws IOException {
        json.writeStringField(name, value);
        add(name, FieldType.ofText(value), false);
    }

    /** A base column the envelope sets when it has a value, else the event's own value, if any. */
    private void writeEnvelopeOrEvent(String name, String fromEnvelope, JsonNode fromEvent)
            throws IOException {
        if (fromEnvelope != null) {
            writeText(name, fromEnvelope);
        } else if (fromEvent != null && !fromEvent.isNull()) {
            json.writeFieldName(name);
            json.writeTree(fromEvent.isContainerNode() ? EventJson.MAPPER.getNodeFactory().textNode(fromEvent.toString())
                    : fromEvent);
            Optional<FieldType> type = FieldType.of(fromEvent);
            add(name, type.orElseThrow(), fromEvent.isIntegralNumber() && fromEvent.canConvertToLong());
        }
    }

    /**
     * A key of the event under its parent key, remembered with what it flattens to: its path
     * ({@code context_page}, the prefix of the names under it) and, for a value, its column.
     */
    private final class Key {
        private final String path;
        private final Key parent;
        private Map<String, Key> children;
        private Column column;

        Key(Key parent, String path) {
            this.parent = parent;
            this.path = path;
        }

        Key child(String key) {
            if (children == null) {
                children = new HashMap<>();
            }
            Key child = children.get(key);
            if (child == null) {
                String sanitized = FieldNames.sanitize(key);
                child = new Key(this, parent == null ? sanitized : path + "_" + sanitized);
                children.put(key, child);
                cachedKeys++;
            }
            return child;
        }

        Column column() {
            if (column == null) {
                String name = path.length() <= FieldNames.MAX_LENGTH ? path : FieldNames.sanitize(path);
                column = columns.computeIfAbsent(name, Column::new);
            }
            return column;
        }
    }

    /** A column name, one object however many keys flatten to it, marked with the last row that had it. */
    private static final class Column {
        private final String name;
        private long seenInRow;

        Column(String name) {
            this.name = name;
        }
    }

    private static String text(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IOException(field + " is not a string");
        }
        return parser.getText();
    }

    /** {@code received_at} in the form {@link Instant#toString()} gives, which is how the rotor writes it. */
    private static String instant(JsonParser parser) throws IOException {
        String text = text(parser, "received_at");
        if (text == null || (text.endsWith("Z") && FieldType.ofText(text) == FieldType.TIMESTAMP)) {
            return text;
        }
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            throw new IOException("received_at is not an ISO-8601 instant: " + text, e);
        }
    }

    /**
     * The parser's characters of one string value as a CharSequence, one reused object: a new
     * CharBuffer for each of an event's dozen string values was the bulker's largest allocation
     * after the message bytes.
     */
    private static final class CharsView implements CharSequence {
        private char[] chars;
        private int offset;
        private int length;

        CharsView of(char[] text, int from, int count) {
            this.chars = text;
            this.offset = from;
            this.length = count;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return chars[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(chars, offset, length);
        }
    }

    /** The rows' bytes, handed out without the object's closing brace (see {@link Row#json()}). */
    private static final class RowBuffer extends ByteArrayOutputStream {
        RowBuffer() {
            super(2048);
        }

        byte[] withoutClosingBrace() {
            return Arrays.copyOf(buf, count - 1);
        }
    }
}
