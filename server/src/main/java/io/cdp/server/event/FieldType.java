package io.cdp.server.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern ISO_DATE_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:?\\d{2})?");

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
            return Optional.of(isTimestamp(value.asText()) ? TIMESTAMP : STRING);
        }
        return Optional.of(JSON);
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
        return type.isEmpty() || learned.accepts(type.get())
                || (learned == INT && value.isIntegralNumber() && value.canConvertToLong());
    }

    /** The lower-case name used in {@code schema_fields.type} and in messages. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FieldType fromId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    static boolean isTimestamp(String text) {
        if (text.length() < 19 || text.length() > 35) {
            return false;
        }
        // Precompiled patterns only: this runs for every string value of every event (ingest and bulker).
        Matcher iso = ISO_DATE_TIME.matcher(text);
        if (!iso.matches()) {
            return false;
        }
        try {
            String normalized = text.replace(' ', 'T');
            String zone = iso.group(2);
            if (zone == null) {
                DateTimeFormatter.ISO_LOCAL_DATE_TIME.parse(normalized);
            } else {
                if (zone.length() == 5) { // +hhmm → +hh:mm
                    int cut = normalized.length() - 2;
                    normalized = normalized.substring(0, cut) + ':' + normalized.substring(cut);
                }
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(normalized);
            }
            return true;
        } catch (DateTimeParseException notADate) {
            return false;
        }
    }
}
