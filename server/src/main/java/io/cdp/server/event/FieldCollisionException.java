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
    /**
     * What collided.
     *
     * @param column    the flattened name both keys map to
     * @param firstKey  the path of the key met first, dot-joined ({@code properties.planName})
     * @param secondKey the path of the key met second, dot-joined
     */
    public record Fields(String column, String firstKey, String secondKey) {
    }

    private final Fields fields;

    /** {@code column} is the name {@code firstKey} and {@code secondKey} (paths, dot-joined) both flatten to. */
    public FieldCollisionException(String column, String firstKey, String secondKey) {
        super("fields \"" + firstKey + "\" and \"" + secondKey + "\" both become column \"" + column
                + "\" and hold different values: send only one of them (or the same value in both)",
                null, false, false);
        this.fields = new Fields(column, firstKey, secondKey);
    }

    public Fields fields() {
        return fields;
    }

    /** The flattened name both keys map to, the field a client is told to fix. */
    public String column() {
        return fields.column();
    }
}
