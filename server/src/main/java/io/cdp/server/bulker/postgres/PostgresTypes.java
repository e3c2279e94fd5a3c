package io.cdp.server.bulker.postgres;

import io.cdp.server.bulker.schema.TypeMapping;
import io.cdp.server.event.FieldType;
import java.util.Locale;
import java.util.Optional;

/**
 * PostgreSQL's types for each field type: {@code TEXT}, {@code BIGINT}, {@code DOUBLE PRECISION},
 * {@code BOOLEAN}, {@code TIMESTAMPTZ}, and {@code JSONB} for arrays. Existing columns of close
 * types (varchar, integer, numeric, timestamp, json) are recognised too.
 */
public final class PostgresTypes implements TypeMapping {
    @Override
    public String columnType(FieldType type) {
        return switch (type) {
            case STRING -> "TEXT";
            case INT -> "BIGINT";
            case FLOAT -> "DOUBLE PRECISION";
            case BOOL -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case JSON -> "JSONB";
        };
    }

    @Override
    public String requiredColumnType(FieldType type) {
        return columnType(type) + " NOT NULL";
    }

    /** Reads {@code information_schema.columns.data_type}. */
    @Override
    public Optional<FieldType> kindOf(String sqlType) {
        return Optional.ofNullable(switch (sqlType.toLowerCase(Locale.ROOT)) {
            case "text", "character varying", "character", "uuid" -> FieldType.STRING;
            case "bigint", "integer", "smallint" -> FieldType.INT;
            case "double precision", "real", "numeric" -> FieldType.FLOAT;
            case "boolean" -> FieldType.BOOL;
            case "timestamp with time zone", "timestamp without time zone" -> FieldType.TIMESTAMP;
            case "jsonb", "json" -> FieldType.JSON;
            default -> null;
        });
    }
}
