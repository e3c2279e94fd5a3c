package io.cdp.server.event;

/**
 * Two keys of one event flatten to one column name and hold different values, so storing the
 * event would keep one of them and lose the other: {@code userId} and {@code user_id},
 * {@code a.b} and {@code a_b}, two long names equal once cut to {@link FieldNames#MAX_LENGTH}.
 * The event is refused instead (400 at ingest, a {@code field_collision} dead letter in the
 * bulker), naming both keys. Keys that flatten alike but hold the same value, or where one of
 * them is null, lose nothing and are not a collision.
 *
 * <p>Thrown by {@link Flattener} and by the bulker's {@code RowReader}, which apply one rule and
 * say the same thing; cheap to make (no stack trace), as the bulker may meet many.
 */
public final class FieldCollisionException extends RuntimeException {
    private final String column;
    private final String firstKey;
    private final String secondKey;

    /**
     * {@code firstKey} and {@code secondKey} are the keys' paths in the event, joined with dots
     * ({@code properties.planName}); {@code column} is the name they both flatten to.
     */
    public FieldCollisionException(String column, String firstKey, String secondKey) {
        super("fields \"" + firstKey + "\" and \"" + secondKey + "\" both become column \"" + column
                + "\" and hold different values: send only one of them (or the same value in both)",
                null, false, false);
        this.column = column;
        this.firstKey = firstKey;
        this.secondKey = secondKey;
    }

    /** The flattened name both keys map to. */
    public String column() {
        return column;
    }

    /** The path of the key met first, dot-joined. */
    public String firstKey() {
        return firstKey;
    }

    /** The path of the key met second, dot-joined. */
    public String secondKey() {
        return secondKey;
    }
}
