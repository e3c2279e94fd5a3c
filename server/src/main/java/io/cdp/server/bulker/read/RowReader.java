package io.cdp.server.bulker.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldCollisionException;
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
 * ({@code context.page.url} → {@code context_page_url}, arrays kept whole as JSON text, two keys
 * that flatten alike refused with a {@link FieldCollisionException} unless they hold the same value
 * or one is null), each value typed as {@link FieldType#of} types it, and
 * the base columns are set from the envelope, which is authoritative (the server's
 * {@code received_at}, the workspace the write key belongs to). {@code RowReaderTest} holds the
 * reader to the tree-based definition.
 *
 * <p>One pass matters: this runs on the bulker's consumer thread for every event, and reading
 * into trees, flattening them and serializing them again would be most of the bulker's time.
 * For the same reason string and number values are copied into the row as the message has them
 * (the rotor wrote them as valid JSON), not decoded into characters and encoded again: that
 * round trip would cost about a fifth of the reader's time. Only the values the bulker must look
 * at are decoded. And the pass is a {@link JsonCursor} over the bytes, which checks the grammar
 * but decodes nothing, with keys looked up by their bytes: Jackson's tokenizer, which decodes
 * and canonicalises as it goes, would double the reader's time.
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
     * One String per distinct workspace and type: the writer threads hash and compare them for
     * every row of a batch, long after reading, and a shared instance is in cache with its hash
     * computed where ten thousand copies are not. Visitor ids are not shared: finding each among
     * thousands costs the reader more (a cache miss or two per row) than hashing fresh copies costs
     * when the row joins its batch, while it is in cache (see the stitching's {@code BatchVisitors}).
     */
    private Map<String, String> canonical = new HashMap<>();
    /** The same shared Strings, for plain ASCII texts, found by their bytes. */
    private BytesMap<String> sharedTexts = new BytesMap<>();
    private final Recent recentWorkspace = new Recent();
    private final Recent recentType = new Recent();
    private Key root = new Key(null, "", "");
    private Map<String, Column> columns = new HashMap<>();
    private BaseColumnSet base = new BaseColumnSet();
    private final RowFields.Interned fieldLists = new RowFields.Interned(MAX_FIELD_LISTS);
    private int cachedKeys;
    private long rowNumber;

    // Scratch space for the row being read.
    private final RowBuffer out = new RowBuffer();
    private final JsonCursor cursor = new JsonCursor();
    private byte[] message;
    private String[] names = new String[64];
    private FieldType[] types = new FieldType[64];
    private boolean[] integral = new boolean[64];
    private int count;
    private int fieldsHash;
    /** Where the event's own source id and type are, when it has them: used only when the envelope has none. */
    private int eventSourceIdAt;
    private int eventSourceIdEnd;
    private int eventTypeAt;
    private int eventTypeEnd;
    /** Where each envelope field's string is in the message, from its opening quote to after its closing one. */
    private final int[] envelopeStrings = new int[2 * EnvelopeField.values().length];
    /** The envelope field that came first, and after each field, in the last message. */
    private final EnvelopeField[] envelopeOrder = new EnvelopeField[EnvelopeField.values().length + 1];
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
        return read(message, 0, message.length);
    }

    /**
     * Reads the message in {@code message} from {@code offset}, {@code length} bytes long (a Kafka
     * record's value where the consumer left it); the row keeps the array.
     */
    public Row read(byte[] message, int offset, int length) throws IOException {
        reset();
        String workspaceId = null;
        String messageId = null;
        boolean hasSourceId = false;
        FieldType sourceIdType = null;
        String type = null;
        boolean hasReceivedAt = false;
        String rewrittenReceivedAt = null;
        String table = null;
        boolean hasEvent = false;
        this.message = message;
        JsonCursor json = cursor;
        try {
            json.reset(message, offset, offset + length);
            if (json.peek() != '{') {
                throw new IOException("the message is not a JSON object");
            }
            json.expect('{');
            EnvelopeField previous = null;
            for (boolean more = json.firstField(); more; more = json.nextField()) {
                // The rotor writes the envelope's fields in one order: try the one that came next last time.
                int order = previous == null ? 0 : previous.ordinal() + 1;
                EnvelopeField field = envelopeOrder[order];
                if (field == null || !json.skip(field.quoted)) {
                    field = readEnvelopeKey();
                    envelopeOrder[order] = field;
                }
                previous = field;
                switch (field) {
                    case WORKSPACE_ID -> workspaceId = text(field, recentWorkspace);
                    case MESSAGE_ID -> messageId = text(field, null);
                    case SOURCE_ID -> {
                        hasSourceId = string(field);
                        sourceIdType = hasSourceId ? stringType(field) : null;
                    }
                    case TYPE -> type = text(field, recentType);
                    case TABLE -> table = text(field, null);
                    case RECEIVED_AT -> {
                        hasReceivedAt = string(field);
                        rewrittenReceivedAt = hasReceivedAt ? rewrittenInstant(field) : null;
                    }
                    case EVENT -> {
                        if (json.peek() != '{') {
                            throw new IOException("event is not a JSON object");
                        }
                        json.expect('{');
                        flatten(root, 1);
                        hasEvent = true;
                    }
                    default -> json.skipValue(1);
                }
            }
            json.expectEnd();
            if (workspaceId == null || messageId == null || !hasEvent) {
                throw new IOException("the envelope lacks " + (workspaceId == null ? "workspace_id"
                        : messageId == null ? "message_id" : "event"));
            }
            // The envelope's strings are copied as the message has them, like the event's values.
            writeString(base.workspaceId, EnvelopeField.WORKSPACE_ID, FieldType.ofText(workspaceId));
            writeString(base.messageId, EnvelopeField.MESSAGE_ID, FieldType.ofText(messageId));
            if (hasSourceId) {
                writeString(base.sourceId, EnvelopeField.SOURCE_ID, sourceIdType);
            } else {
                writeEventValue(base.sourceId, valueTree(eventSourceIdAt, eventSourceIdEnd));
            }
            if (type != null) {
                writeString(base.type, EnvelopeField.TYPE, FieldType.ofText(type));
            } else {
                JsonNode eventType = valueTree(eventTypeAt, eventTypeEnd);
                writeEventValue(base.type, eventType);
                if (eventType != null && !eventType.isNull() && !eventType.asText().isEmpty()) {
                    type = canonical(eventType.asText());
                }
            }
            if (hasReceivedAt && rewrittenReceivedAt == null) {
                writeString(base.receivedAt, EnvelopeField.RECEIVED_AT, FieldType.TIMESTAMP);
                if (!hasTimestamp) { // event time defaults to the server's, as Segment's does
                    writeString(base.timestamp, EnvelopeField.RECEIVED_AT, FieldType.TIMESTAMP);
                }
            } else {
                String received = hasReceivedAt ? rewrittenReceivedAt : Instant.now().toString();
                writeText(base.receivedAt, received);
                if (!hasTimestamp) {
                    writeText(base.timestamp, received);
                }
            }
            return new Row(message, offset, length, workspaceId, messageId, table, type, anonymousId, userId, userIdWritten,
                    fieldLists.of(names, types, integral, count, fieldsHash), out.toByteArray());
        } finally {
            this.message = null;
        }
    }

    private void reset() {
        out.startObject();
        rowNumber++;
        if (cachedKeys > MAX_CACHED_KEYS) {
            root = new Key(null, "", "");
            columns = new HashMap<>();
            base = new BaseColumnSet();
            cachedKeys = 0;
        }
        if (canonical.size() + sharedTexts.size() > MAX_CACHED_KEYS) {
            canonical = new HashMap<>();
            sharedTexts = new BytesMap<>();
        }
        count = 0;
        fieldsHash = RowFields.Interned.EMPTY_HASH;
        eventSourceIdAt = -1;
        eventTypeAt = -1;
        anonymousId = null;
        userId = null;
        userIdWritten = false;
        hasTimestamp = false;
    }

    /** The fields of the object the cursor is in (past its brace), flattened under {@code parent}. */
    private void flatten(Key parent, int depth) throws IOException {
        JsonCursor.checkDepth(depth);
        JsonCursor json = cursor;
        Key previous = null;
        for (boolean more = json.firstField(); more; more = json.nextField()) {
            // Events of one kind list their keys in the same order: try the two keys that followed
            // the previous one lately (two: a key such as userId comes and goes), each compared
            // with its colon in one go, before reading the key and looking it up.
            Key key = previous == null ? parent.firstChild : previous.nextSibling;
            if (key == null || !key.skippedAt(json)) {
                key = previous == null ? parent.firstChildBefore : previous.nextSiblingBefore;
                if (key == null || !key.skippedAt(json)) {
                    key = readKey(parent);
                }
            }
            if (previous == null) {
                if (parent.firstChild != key) {
                    parent.firstChildBefore = parent.firstChild;
                    parent.firstChild = key;
                }
            } else if (previous.nextSibling != key) {
                previous.nextSiblingBefore = previous.nextSibling;
                previous.nextSibling = key;
            }
            previous = key;
            int next = json.peek();
            if (next == '{') {
                json.expect('{');
                flatten(key, depth + 1);
                continue;
            }
            if (next == 'n') { // null: says nothing, is not written, and collides with nothing
                json.literal();
                continue;
            }
            Column column = key.column();
            int start = json.position();
            if (column.seenInRow == rowNumber) {
                json.skipValue(depth);
                checkSameValue(column, key, start, json.position());
                continue;
            }
            column.seenInRow = rowNumber;
            column.setBy = key;
            column.valueStart = start;
            switch (column.role) {
                case FROM_ENVELOPE -> json.skipValue(depth);
                case SOURCE_ID -> {
                    eventSourceIdAt = json.position();
                    json.skipValue(depth);
                    eventSourceIdEnd = json.position();
                }
                case TYPE -> {
                    eventTypeAt = json.position();
                    json.skipValue(depth);
                    eventTypeEnd = json.position();
                }
                default -> value(column, next, depth);
            }
            column.valueEnd = json.position();
        }
    }

    /**
     * The rule {@link Flattener} applies, where a second key of the row flattens to {@code column}
     * (rare: the row's first key for each column costs two stores, no more): a value equal to the
     * one already there loses nothing; a different one is a {@link FieldCollisionException}. The
     * bytes are compared first; values written differently (one with an escape, one without)
     * are compared as trees, as Flattener compares them.
     */
    private void checkSameValue(Column column, Key key, int start, int end) throws IOException {
        int firstStart = column.valueStart;
        int firstEnd = column.valueEnd;
        if (Arrays.equals(message, firstStart, firstEnd, message, start, end)) {
            return;
        }
        JsonNode first = EventJson.MAPPER.readTree(message, firstStart, firstEnd - firstStart);
        JsonNode second = EventJson.MAPPER.readTree(message, start, end - start);
        if (!first.equals(second)) {
            throw new FieldCollisionException(column.name, column.setBy.sourcePath(), key.sourcePath());
        }
    }

    /** Reads the envelope's key at the cursor and the colon after it. */
    private EnvelopeField readEnvelopeKey() throws IOException {
        int keyStart = cursor.position();
        int keyEnd = cursor.key();
        return cursor.escaped() ? EnvelopeField.of(decode(keyStart, keyEnd))
                : EnvelopeField.of(message, keyStart + 1, keyEnd - 1);
    }

    /** Reads the key at the cursor and the colon after it, and finds the key under {@code parent}. */
    private Key readKey(Key parent) throws IOException {
        int keyStart = cursor.position();
        int keyEnd = cursor.key();
        return cursor.escaped() ? parent.child(decode(keyStart, keyEnd))
                : parent.child(message, keyStart + 1, keyEnd - 1);
    }

    /** Writes the value at the cursor, which starts with {@code first}, into the row and notes its type. */
    private void value(Column column, int first, int depth) throws IOException {
        JsonCursor json = cursor;
        String name = column.name;
        boolean visitorId = column.role == Role.ANONYMOUS_ID || column.role == Role.USER_ID;
        int start = json.position();
        switch (first) {
            case '"' -> {
                int end = json.string();
                out.field(column);
                out.write(message, start, end - start);
                if (visitorId) {
                    String text = decode(start, end);
                    remember(column.role, text);
                    add(name, FieldType.ofText(text), false);
                } else {
                    add(name, stringType(start, end), false);
                }
            }
            case 't', 'f' -> {
                json.literal();
                out.field(column);
                out.writeBytes(first == 't' ? TRUE : FALSE);
                add(name, FieldType.BOOL, false);
                if (visitorId) {
                    remember(column.role, canonical(String.valueOf(first == 't')));
                }
            }
            case 'n' -> { // null: says nothing about the type and is not written
                json.literal();
                return;
            }
            case '[' -> {
                // Arrays are stored as their JSON text; the tree keeps that text identical to Flattener's.
                json.skipValue(depth);
                out.field(column);
                out.string(EventJson.MAPPER.readTree(message, start, json.position() - start).toString());
                add(name, FieldType.JSON, false);
            }
            default -> {
                int end = json.number();
                out.field(column);
                out.write(message, start, end - start); // a number's text is ASCII
                add(name, FieldType.FLOAT, json.fitsLong());
                if (visitorId) {
                    String text = new String(message, start, end - start, StandardCharsets.US_ASCII);
                    remember(column.role, canonical(json.integral() ? text : String.valueOf(Double.parseDouble(text))));
                }
            }
        }
        hasTimestamp |= column.role == Role.TIMESTAMP;
        userIdWritten |= column.role == Role.USER_ID;
    }

    /**
     * The value of the message from {@code start} to {@code end} (which the cursor has checked) as
     * a tree, or null when {@code start} is -1; a string without the databind machinery, which
     * costs a deserialization context.
     */
    private JsonNode valueTree(int start, int end) throws IOException {
        if (start < 0) {
            return null;
        }
        if (message[start] == '"') {
            return TextNode.valueOf(parseText(start, end));
        }
        return EventJson.MAPPER.readTree(message, start, end - start);
    }

    /**
     * The text of the string the cursor has just passed, from its opening quote at {@code start}
     * to {@code end}: plain ASCII is the text itself; escapes and other UTF-8 are left to Jackson,
     * which also takes half an emoji (a lone surrogate, as JavaScript's {@code substring} leaves).
     */
    private String decode(int start, int end) throws IOException {
        if (!cursor.escaped() && cursor.ascii()) {
            return new String(message, start + 1, end - start - 2, StandardCharsets.ISO_8859_1);
        }
        return parseText(start, end);
    }

    /** The text of the string from {@code start} to {@code end}, whatever it holds, by Jackson. */
    private String parseText(int start, int end) throws IOException {
        try (JsonParser parser = JSON.createParser(message, start, end - start)) {
            parser.nextToken();
            return parser.getText();
        }
    }

    /**
     * The text of the string the cursor has just passed, as {@link #decode} gives it, as one
     * shared String per distinct text (see {@link #canonical}); plain ASCII is found by its bytes,
     * without making a String first.
     */
    private String shared(int start, int end) throws IOException {
        if (cursor.escaped() || !cursor.ascii()) {
            return canonical(decode(start, end));
        }
        String known = sharedTexts.get(message, start + 1, end - 1);
        if (known == null) {
            known = decode(start, end);
            sharedTexts.put(message, start + 1, end - 1, known);
        }
        return known;
    }

    /**
     * {@link #shared(int, int)}, first compared with the text this field had last time: a
     * workspace's messages come in runs, and a comparison costs less than a lookup.
     */
    private String shared(int start, int end, Recent recent) throws IOException {
        boolean plain = !cursor.escaped();
        if (plain && recent.text != null && Arrays.equals(recent.bytes, 0, recent.bytes.length, message, start + 1, end - 1)) {
            return recent.text;
        }
        String text = shared(start, end);
        if (plain) {
            recent.bytes = Arrays.copyOfRange(message, start + 1, end - 1);
            recent.text = text;
        }
        return text;
    }

    /**
     * The text of an envelope field the cursor is at: a string (shared, see {@link #shared}, when
     * there is a {@code recent} one to compare with) or null.
     */
    private String text(EnvelopeField field, Recent recent) throws IOException {
        if (!string(field)) {
            return null;
        }
        int start = envelopeStrings[2 * field.ordinal()];
        int end = envelopeStrings[2 * field.ordinal() + 1];
        return recent != null ? shared(start, end, recent) : decode(start, end);
    }

    /** Moves past an envelope field's value: true for a string, whose place it notes; false for null. */
    private boolean string(EnvelopeField field) throws IOException {
        int first = cursor.peek();
        int start = cursor.position();
        if (first == '"') {
            envelopeStrings[2 * field.ordinal()] = start;
            envelopeStrings[2 * field.ordinal() + 1] = cursor.string();
            return true;
        }
        if (first == 'n') {
            cursor.literal(); // only null starts with n
            return false;
        }
        throw new IOException(field.key + " is not a string");
    }

    /** The type of the envelope field's string, which the cursor has just passed. */
    private FieldType stringType(EnvelopeField field) throws IOException {
        return stringType(envelopeStrings[2 * field.ordinal()], envelopeStrings[2 * field.ordinal() + 1]);
    }

    /**
     * The type of the string the cursor has just passed, from {@code start} to {@code end}: typed
     * from the message's bytes when they are its characters (every timestamp's are).
     */
    private FieldType stringType(int start, int end) throws IOException {
        return cursor.escaped() || !cursor.ascii() ? FieldType.ofText(decode(start, end))
                : FieldType.ofAscii(message, start + 1, end - start - 2);
    }

    /**
     * The envelope field's string, which the cursor has just passed, rewritten in the form
     * {@link Instant#toString()} gives, or null when it has that form already (how the rotor
     * writes {@code received_at}).
     */
    private String rewrittenInstant(EnvelopeField field) throws IOException {
        int start = envelopeStrings[2 * field.ordinal()];
        int end = envelopeStrings[2 * field.ordinal() + 1];
        if (!cursor.escaped() && cursor.ascii() && message[end - 2] == 'Z'
                && FieldType.ofAscii(message, start + 1, end - start - 2) == FieldType.TIMESTAMP) {
            return null;
        }
        String text = decode(start, end);
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            throw new IOException(field.key + " is not an ISO-8601 instant: " + text, e);
        }
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
        fieldsHash = RowFields.Interned.hash(fieldsHash, name, type, longInteger);
    }

    private void writeText(Column column, String value) throws IOException {
        out.field(column);
        out.string(value);
        add(column.name, FieldType.ofText(value), false);
    }

    /**
     * A base column from an envelope field's string as the message has it: the cursor checked it,
     * and its escapes, if any, stand for the same text in the row.
     */
    private void writeString(Column column, EnvelopeField field, FieldType type) {
        int start = envelopeStrings[2 * field.ordinal()];
        out.field(column);
        out.write(message, start, envelopeStrings[2 * field.ordinal() + 1] - start);
        add(column.name, type, false);
    }

    /** A base column from the event's own value (when the envelope has none), if it has one. */
    private void writeEventValue(Column column, JsonNode value) throws IOException {
        if (value != null && !value.isNull()) {
            out.field(column);
            out.writeBytes(EventJson.MAPPER.writeValueAsBytes(value.isContainerNode()
                    ? EventJson.MAPPER.getNodeFactory().textNode(value.toString()) : value));
            Optional<FieldType> type = FieldType.of(value);
            add(column.name, type.orElseThrow(), value.isIntegralNumber() && value.canConvertToLong());
        }
    }

    /**
     * A key of the event under its parent key, remembered with what it flattens to: its path
     * ({@code context_page}, the prefix of the names under it) and, for a value, its column.
     */
    private final class Key {
        /** The key as the event has it (decoded); empty for the root. */
        private final String name;
        private final String path;
        private final Key parent;
        private Map<String, Key> children;
        /** The same children by their keys' bytes (keys without escapes). */
        private BytesMap<Key> byteChildren;
        private Column column;
        /** The key as messages have it, quoted and followed by the colon; null until seen without escapes. */
        private byte[] quoted;
        /**
         * The child that came first, and the sibling that came after this key, in the last object
         * read; and the different ones that came before those.
         */
        private Key firstChild;
        private Key firstChildBefore;
        private Key nextSibling;
        private Key nextSiblingBefore;

        Key(Key parent, String name, String path) {
            this.parent = parent;
            this.name = name;
            this.path = path;
        }

        /** The key's path in the event, dot-joined ({@code properties.planName}), for messages. */
        String sourcePath() {
            return parent == null || parent.parent == null ? name : parent.sourcePath() + "." + name;
        }

        /**
         * Whether the cursor is at this key and its colon, then moved past them. A key's bytes
         * hold no quote or backslash, so the key cannot go on past the quote they end with.
         */
        boolean skippedAt(JsonCursor json) {
            return quoted != null && json.skip(quoted);
        }

        Key child(String key) {
            if (children == null) {
                children = new HashMap<>();
            }
            Key child = children.get(key);
            if (child == null) {
                String sanitized = FieldNames.sanitize(key);
                child = new Key(this, key, parent == null ? sanitized : path + "_" + sanitized);
                children.put(key, child);
                cachedKeys++;
            }
            return child;
        }

        /** The child of the key whose UTF-8 bytes, without escapes, are {@code source[from, to)}. */
        Key child(byte[] source, int from, int to) {
            if (byteChildren == null) {
                byteChildren = new BytesMap<>();
            }
            Key child = byteChildren.get(source, from, to);
            if (child == null) {
                child = child(new String(source, from, to - from, StandardCharsets.UTF_8));
                byteChildren.put(source, from, to, child);
                child.quoted = new byte[to - from + 3];
                child.quoted[0] = '"';
                System.arraycopy(source, from, child.quoted, 1, to - from);
                child.quoted[to - from + 1] = '"';
                child.quoted[to - from + 2] = ':';
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

    /** The columns the envelope sets, looked up once per map of columns. */
    private final class BaseColumnSet {
        private final Column workspaceId = column(BaseColumns.WORKSPACE_ID);
        private final Column messageId = column(BaseColumns.MESSAGE_ID);
        private final Column sourceId = column(BaseColumns.SOURCE_ID);
        private final Column type = column(BaseColumns.TYPE);
        private final Column receivedAt = column(BaseColumns.RECEIVED_AT);
        private final Column timestamp = column(BaseColumns.TIMESTAMP);

        private Column column(String name) {
            return columns.computeIfAbsent(name, Column::new);
        }
    }

    /** The last text of an envelope field and its bytes (see {@link #shared(int, int, Recent)}). */
    private static final class Recent {
        private byte[] bytes;
        private String text;
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
        /** In the row {@link #seenInRow}: the key that set the column, and where its value is in the message. */
        private Key setBy;
        private int valueStart;
        private int valueEnd;

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

    /** The envelope's fields the reader uses, recognised from the key's bytes without making a String of it. */
    private enum EnvelopeField {
        WORKSPACE_ID("workspace_id"), MESSAGE_ID("message_id"), SOURCE_ID("source_id"), TYPE("type"),
        TABLE("table"), RECEIVED_AT("received_at"), EVENT("event"), OTHER("");

        private static final EnvelopeField[] KNOWN = {WORKSPACE_ID, MESSAGE_ID, SOURCE_ID, TYPE, TABLE, RECEIVED_AT,
                EVENT};
        private final String key;
        private final byte[] bytes;
        /** The key as messages have it, quoted and followed by the colon. */
        private final byte[] quoted;

        EnvelopeField(String key) {
            this.key = key;
            this.bytes = key.getBytes(StandardCharsets.US_ASCII);
            this.quoted = ('"' + key + "\":").getBytes(StandardCharsets.US_ASCII);
        }

        static EnvelopeField of(byte[] message, int from, int to) {
            for (EnvelopeField field : KNOWN) {
                // Lengths first: only "table" and "event" share one.
                if (field.bytes.length == to - from && Arrays.equals(field.bytes, 0, field.bytes.length, message, from, to)) {
                    return field;
                }
            }
            return OTHER;
        }

        static EnvelopeField of(String key) {
            for (EnvelopeField field : KNOWN) {
                if (field.key.equals(key)) {
                    return field;
                }
            }
            return OTHER;
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
