package io.cdp.server.bulker.clickhouse;

import io.cdp.server.bulker.schema.TypeMapping;
import io.cdp.server.clickhouse.ClickHouseCapabilities;
import io.cdp.server.event.FieldType;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClickHouse's types for each field type, for the server at hand: {@code String},
 * {@code Int64}, {@code Float64}, {@code UInt8} for booleans (0/1, on every version),
 * {@code DateTime64(3, 'UTC')} where the server has it and {@code DateTime('UTC')} (seconds)
 * where it does not (18.16), and {@code String} holding the JSON text of arrays. New columns are
 * {@code Nullable}: events that lack a field store NULL, not a zero value.
 */
public final class ClickHouseTypes implements TypeMapping {
    private static final Pattern WRAPPER = Pattern.compile("^(?:Nullable|LowCardinality)\\((.*)\\)$");

    private final ClickHouseCapabilities capabilities;

    public ClickHouseTypes(ClickHouseCapabilities capabilities) {
        this.capabilities = capabilities;
    }

    @Override
    public String columnType(FieldType type) {
        return "Nullable(" + requiredColumnType(type) + ")";
    }

    @Override
    public String requiredColumnType(FieldType type) {
        return switch (type) {
            case STRING, JSON -> "String";
            case INT -> "Int64";
            case FLOAT -> "Float64";
            case BOOL -> "UInt8";
            case TIMESTAMP -> capabilities.dateTimeType();
        };
    }

    /** Reads {@code system.columns.type}; wrappers ({@code Nullable}, {@code LowCardinality}) are looked through. */
    @Override
    public Optional<FieldType> kindOf(String sqlType) {
        String type = sqlType.strip();
        for (Matcher wrapper = WRAPPER.matcher(type); wrapper.matches(); wrapper = WRAPPER.matcher(type)) {
            type = wrapper.group(1).strip();
        }
        if (type.equals("String") || type.startsWith("FixedString(") || type.equals("UUID")
                || type.startsWith("Enum8(") || type.startsWith("Enum16(")) {
            return Optional.of(FieldType.STRING);
        }
        if (type.equals("UInt8") || type.equals("Bool")) {
            return Optional.of(FieldType.BOOL);
        }
        if (type.matches("U?Int(16|32|64)|Int8")) {
            return Optional.of(FieldType.INT);
        }
        if (type.matches("Float(32|64)") || type.startsWith("Decimal")) {
            return Optional.of(FieldType.FLOAT);
        }
        if (type.equals("DateTime") || type.startsWith("DateTime(") || type.startsWith("DateTime64(")) {
            return Optional.of(FieldType.TIMESTAMP);
        }
        return Optional.empty();
    }
}
