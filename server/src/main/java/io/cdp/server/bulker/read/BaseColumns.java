package io.cdp.server.bulker.read;

import io.cdp.server.event.FieldType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns every table the bulker writes has, whatever the events carry. The bulker fills
 * them itself from the envelope ({@link RowReader}), because ClickHouse 18.16 silently turns a
 * missing value of a non-Nullable column into its zero value ("" or 1970-01-01).
 */
public final class BaseColumns {
    public static final String WORKSPACE_ID = "workspace_id";
    public static final String MESSAGE_ID = "message_id";
    public static final String SOURCE_ID = "source_id";
    public static final String TYPE = "type";
    public static final String ANONYMOUS_ID = "anonymous_id";
    public static final String USER_ID = "user_id";
    public static final String RECEIVED_AT = "received_at";
    public static final String SENT_AT = "sent_at";
    public static final String TIMESTAMP = "timestamp";
    /**
     * 1 when {@code user_id} was filled by identity stitching rather than sent by the client,
     * so a later identify of the same anonymous id may replace it. Sanitized field names never
     * start with "_" followed by a letter, so no event field can collide with it.
     */
    public static final String STITCHED = "_stitched";

    /** The key of every table: one row per message within a workspace. Never null. */
    public static final Map<String, FieldType> KEY = Map.of(WORKSPACE_ID, FieldType.STRING, MESSAGE_ID, FieldType.STRING);

    /** Every base column and its type, key columns first. */
    public static final Map<String, FieldType> ALL;

    static {
        Map<String, FieldType> all = new LinkedHashMap<>();
        all.put(WORKSPACE_ID, FieldType.STRING);
        all.put(MESSAGE_ID, FieldType.STRING);
        all.put(RECEIVED_AT, FieldType.TIMESTAMP);
        all.put(SOURCE_ID, FieldType.STRING);
        all.put(TYPE, FieldType.STRING);
        all.put(ANONYMOUS_ID, FieldType.STRING);
        all.put(USER_ID, FieldType.STRING);
        all.put(SENT_AT, FieldType.TIMESTAMP);
        all.put(TIMESTAMP, FieldType.TIMESTAMP);
        all.put(STITCHED, FieldType.BOOL);
        ALL = java.util.Collections.unmodifiableMap(all);
    }

    private BaseColumns() {
    }

    /** True for the columns that can never be null (the table's key and its time). */
    public static boolean required(String column) {
        return KEY.containsKey(column) || RECEIVED_AT.equals(column);
    }
}
