package io.cdp.server.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The type of a flattened field, learned from its first value and never coerced after that.
 * One definition for the ingest schema check ({@code schema_fields}) and the bulker's columns.
 *
 * <p>JSON has one number type, and so do learned fields: every number is {@link #FLOAT}
 * (ClickHouse {@code Float64}, exact for integers up to 2^53, as in the JavaScript that sends
 * them). Otherwise {@code price: 12} followed by {@code price: 12.5} would be a "conflict" that
 * sends ordinary events to the dead-letter queue. {@link #INT} remains for columns that already
 * hold integers (a PostgreSQL {@code bigint}, a ClickHouse {@code Int64} made by hand): they
 * accept integral numbers only.
 *
 * <p>The only widening is {@link #INT} into {@link #FLOAT} (every integer is a valid number of a
 * float column) and {@link #TIMESTAMP} into {@link #STRING} (an ISO date is a valid string);
 * everything else is a conflict.
 */
public enum FieldType {
    STRING, INT, FLOAT, BOOL, TIMESTAMP,
    /** Arrays: kept whole as JSON text. */
    JSON;

    /** The type of one value; empty for JSON null, which says nothing about the type. */
    public static Optional<FieldType> of(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(BOOL);
        }
        if (value.isNumber()) {
            return Optional.of(FLOAT);
        }
        if (value.isTextual()) {
            return Optional.of(ofText(value.asText()));
        }
        return Optional.of(JSON);
    }

    /** The type of a JSON string: {@link #TIMESTAMP} when it is an ISO-8601 date-time, else {@link #STRING}. */
    public static FieldType ofText(CharSequence text) {
        return Timestamps.matches(text) ? TIMESTAMP : STRING;
    }

    /** {@link #ofText} of a string held as {@code length} ASCII bytes from {@code from}. */
    public static FieldType ofAscii(byte[] ascii, int from, int length) {
        return Timestamps.matches(ascii, from, length) ? TIMESTAMP : STRING;
    }

    /** Whether a value of type {@code value} can be stored in a field learned as this type. */
    public boolean accepts(FieldType value) {
        return this == value
                || (this == FLOAT && value == INT)
                || (this == STRING && value == TIMESTAMP);
    }

    /**
     * Whether this value fits a field learned as {@code learned}: its type is accepted, or it is
     * an integral number and the field holds integers.
     */
    public static boolean fits(FieldType learned, JsonNode value) {
        Optional<FieldType> type = of(value);
        return type.isEmpty() || fits(learned, type.get(), value.isIntegralNumber() && value.canConvertToLong());
    }

    /** {@link #fits(FieldType, JsonNode)} for a non-null value known by its type and whether it is a long integer. */
    public static boolean fits(FieldType learned, FieldType value, boolean longInteger) {
        return learned.accepts(value) || (learned == INT && longInteger);
    }

    /** The lower-case name used in {@code schema_fields.type} and in messages. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FieldType fromId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
