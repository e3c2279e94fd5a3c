package io.cdp.server.bulker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldNames;
import io.cdp.server.event.FieldType;
import io.cdp.server.event.Flattener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * into trees, flattening them and serializing them again was most of the bulker's time. For the
 * same reason string and number values are copied into the row as the message has them (the
 * rotor wrote them as valid JSON), not decoded into characters and encoded again: that round
 * trip was a fifth of the reader's time. Only the values the bulker must look at are decoded.
 *
 * <p>Not thread-safe (it keeps caches and scratch space): one reader per consumer thread.
 */
public final class RowReader {
    private static final JsonFactory JSON = EventJson.MAPPER.getFactory();
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    /** Keys remembered (with their column names); bounded because keys come from clients. */
    private static final int MAX_CACHED_KEYS = 50_000;
    /** Distinct lists of fields shared between rows; bounded for the same reason. */
    private static final int MAX_FIELD_LISTS = 10_000;

    /**
     * One String per distinct workspace, type and visitor id: the writer threads hash and compare
     * them for every row of a batch, long after reading, and a shared instance is in cache with
     * its hash computed where ten thousand copies are not.
     */
    private Map<String, String> canonical = new HashMap<>();
    private Key root = new Key(null, "");
    private Map<String, Column> columns = new HashMap<>();
    private final RowFields.Interned fieldLists = new RowFields.Interned(MAX_FIELD_LISTS);
    private int cachedKeys;
    private long rowNumber;

    // Scratch space for the row being read.
    private final RowBuffer out = new RowBuffer();
    private final AsciiView asciiText = new AsciiView();
    private byte[] message;
    private boolean plainAscii;
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
        this.message = message;
        try (JsonParser parser = JSON.createParser(message)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the message is not a JSON object");
            }
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
            return new Row(message, canonical(workspaceId), messageId, table, canonical(type), canonical(anonymousId),
                    canonical(userId), userIdWritten, fieldLists.of(names, types, integral, count), out.toByteArray());
        } finally {
            this.message = null;
        }
    }

    private void reset() {
        out.startObject();
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
            switch (column.role) {
                case FROM_ENVELOPE -> parser.skipChildren();
                case SOURCE_ID -> eventSourceId = valueTree(parser, token);
                case TYPE -> eventType = valueTree(parser, token);
                default -> value(parser, column, token);
            }
        }
    }

    private void value(JsonParser parser, Column column, JsonToken token) throws IOException {
        String name = column.name;
        boolean visitorId = column.role == Role.ANONYMOUS_ID || column.role == Role.USER_ID;
        switch (token) {
            case VALUE_STRING -> {
                int start = tokenStart(parser);
                int end = stringEnd(start);
                out.field(column);
                out.write(message, start, end - start);
                if (visitorId) {
                    String text = parser.getText();
                    remember(column.role, text);
                    add(name, FieldType.ofText(text), false);
                } else {
                    // Typed from the message's bytes when they are the characters (every timestamp's are).
                    add(name, FieldType.ofText(plainAscii ? asciiText.of(message, start + 1, end - start - 2)
                            : parser.getText()), false);
                }
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                out.field(column);
                out.write(message, tokenStart(parser), parser.getTextLength()); // a number's text is ASCII
                boolean fitsLong = token == JsonToken.VALUE_NUMBER_INT
                        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
                add(name, FieldType.FLOAT, fitsLong);
                if (visitorId) {
                    remember(column.role, token == JsonToken.VALUE_NUMBER_INT ? parser.getText()
                            : String.valueOf(parser.getDoubleValue()));
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                out.field(column);
                out.writeBytes(token == JsonToken.VALUE_TRUE ? TRUE : FALSE);
                add(name, FieldType.BOOL, false);
                if (visitorId) {
                    remember(column.role, String.valueOf(token == JsonToken.VALUE_TRUE));
                }
            }
            case START_ARRAY -> {
                // Arrays are stored as their JSON text; the tree keeps that text identical to Flattener's.
                out.field(column);
                out.string(parser.readValueAsTree().toString());
                add(name, FieldType.JSON, false);
            }
            default -> { // null: says nothing about the type and is not written
            }
        }
        if (token != JsonToken.VALUE_NULL) {
            hasTimestamp |= column.role == Role.TIMESTAMP;
            userIdWritten |= column.role == Role.USER_ID;
        }
    }

    /**
     * The current value as a tree; a string (every event's {@code type}) without the databind
     * machinery, which cost a deserialization context per event.
     */
    private static JsonNode valueTree(JsonParser parser, JsonToken token) throws IOException {
        return token == JsonToken.VALUE_STRING ? TextNode.valueOf(parser.getText()) : parser.readValueAsTree();
    }

    /** Where the current value starts in the message (the parser reads the message's own array, from 0). */
    private static int tokenStart(JsonParser parser) throws IOException {
        long offset = parser.currentTokenLocation().getByteOffset();
        if (offset < 0) { // Jackson reads UTF-16 and UTF-32 as characters, with no byte offsets
            throw new IOException("the message is not UTF-8 JSON");
        }
        return (int) offset;
    }

    /**
     * The index after the closing quote of the string whose opening quote is at {@code start};
     * sets {@link #plainAscii} to whether the string has neither escapes nor non-ASCII bytes.
     */
    private int stringEnd(int start) throws IOException {
        byte[] bytes = message;
        boolean plain = true;
        for (int at = start + 1; at < bytes.length; at++) {
            byte b = bytes[at];
            if (b == '"') {
                plainAscii = plain;
                return at + 1;
            }
            if (b == '\\') {
                plain = false;
                at++; // the escaped character, which may be a quote
            } else if (b < 0) {
                plain = false;
            }
        }
        throw new IOException("a string value is not closed");
    }

    private String canonical(String text) {
        if (text == null) {
            return null;
        }
        String known = canonical.putIfAbsent(text, text);
        return known != null ? known : text;
    }

    /** Keeps the visitor ids (as {@code JsonNode.asText()} would give them) for identity stitching. */
    private void remember(Role visitorId, String text) {
        if (visitorId == Role.ANONYMOUS_ID) {
            anonymousId = text.isEmpty() ? null : text;
        } else {
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
        out.field(columns.computeIfAbsent(name, Column::new));
        out.string(value);
        add(name, FieldType.ofText(value), false);
    }

    /** A base column the envelope sets when it has a value, else the event's own value, if any. */
    private void writeEnvelopeOrEvent(String name, String fromEnvelope, JsonNode fromEvent)
            throws IOException {
        if (fromEnvelope != null) {
            writeText(name, fromEnvelope);
        } else if (fromEvent != null && !fromEvent.isNull()) {
            out.field(columns.computeIfAbsent(name, Column::new));
            out.writeBytes(EventJson.MAPPER.writeValueAsBytes(fromEvent.isContainerNode()
                    ? EventJson.MAPPER.getNodeFactory().textNode(fromEvent.toString()) : fromEvent));
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

    /** What the reader does with an event's value for a column, decided once per column name. */
    private enum Role {
        /** The envelope decides these; the event's own values never reach the table. */
        FROM_ENVELOPE,
        /** The event's values count only when the envelope has none. */
        SOURCE_ID, TYPE,
        /** Kept for identity stitching as well as written. */
        ANONYMOUS_ID, USER_ID,
        /** Written; its presence means the event time is the event's own. */
        TIMESTAMP,
        VALUE;

        static Role of(String column) {
            return switch (column) {
                case BaseColumns.WORKSPACE_ID, BaseColumns.MESSAGE_ID, BaseColumns.RECEIVED_AT,
                     BaseColumns.STITCHED -> FROM_ENVELOPE;
                case BaseColumns.SOURCE_ID -> SOURCE_ID;
                case BaseColumns.TYPE -> TYPE;
                case BaseColumns.ANONYMOUS_ID -> ANONYMOUS_ID;
                case BaseColumns.USER_ID -> USER_ID;
                case BaseColumns.TIMESTAMP -> TIMESTAMP;
                default -> VALUE;
            };
        }
    }

    /**
     * A column name, one object however many keys flatten to it, marked with the last row that
     * had it, with its name as the row's JSON writes it ({@code "name":}), encoded once.
     */
    private static final class Column {
        private final String name;
        private final Role role;
        private final byte[] field;
        private long seenInRow;

        Column(String name) {
            this.name = name;
            this.role = Role.of(name);
            byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(name);
            this.field = new byte[escaped.length + 3];
            field[0] = '"';
            System.arraycopy(escaped, 0, field, 1, escaped.length);
            field[escaped.length + 1] = '"';
            field[escaped.length + 2] = ':';
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
     * Plain ASCII bytes of the message as a CharSequence, one reused object, for typing a string
     * value without making a String of it.
     */
    private static final class AsciiView implements CharSequence {
        private byte[] bytes;
        private int offset;
        private int length;

        AsciiView of(byte[] text, int from, int count) {
            this.bytes = text;
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
            return (char) bytes[offset + index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().subSequence(start, end);
        }

        @Override
        public String toString() {
            return new String(bytes, offset, length, StandardCharsets.US_ASCII);
        }
    }

    /**
     * The row's JSON object as it is written, without its closing brace (see {@link Row#json()}):
     * fields are appended with their separator. Not a ByteArrayOutputStream, whose every write
     * takes a lock: a row is some seventy writes.
     */
    private static final class RowBuffer {
        private byte[] bytes = new byte[2048];
        private int count;
        private boolean first;

        void startObject() {
            count = 0;
            write('{');
            first = true;
        }

        void field(Column column) {
            if (!first) {
                write(',');
            }
            first = false;
            writeBytes(column.field);
        }

        /**
         * A JSON string; plain text is copied as it is, anything else written by Jackson's
         * generator, which also takes half an emoji (a lone surrogate, as JavaScript's
         * {@code substring} leaves) and escapes it.
         */
        void string(String value) throws IOException {
            ensure(value.length() + 2);
            int at = count;
            bytes[at++] = '"';
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                    writeBytes(EventJson.MAPPER.writeValueAsBytes(value));
                    return;
                }
                bytes[at++] = (byte) c;
            }
            bytes[at++] = '"';
            count = at;
        }

        void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        void writeBytes(byte[] source) {
            write(source, 0, source.length);
        }

        void write(byte[] source, int from, int length) {
            ensure(length);
            System.arraycopy(source, from, bytes, count, length);
            count += length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, count);
        }

        private void ensure(int more) {
            if (count + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }
    }
}
