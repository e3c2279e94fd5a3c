package io.cdp.server.clickhouse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a ClickHouse server can do, decided from its version, so that DDL written by the
 * migrations and by the bulker uses the best types each server has: {@code DateTime64(3)} on a
 * current server, {@code DateTime} (seconds) on Debian's 18.16.
 *
 * <p>The thresholds are conservative: each is a release known to have the feature without any
 * experimental flag, not necessarily the first release that had it.
 *
 * <pre>{@code
 * ClickHouseCapabilities caps = ClickHouseCapabilities.of(ClickHouseVersion.parse("18.16.1"));
 * caps.dateTimeType();          // "DateTime('UTC')"
 * caps.nullableDateTimeType();  // "Nullable(DateTime('UTC'))"
 * }</pre>
 *
 * @param version        the server version the rest was decided from
 * @param dateTime64     {@code DateTime64(precision, tz)} exists (20.1+)
 * @param lowCardinality {@code LowCardinality(String)} usable without an experimental flag (20.1+)
 * @param bool           a {@code Bool} type exists (21.12+); else booleans are {@code UInt8}
 * @param mutationsSync  the {@code mutations_sync} setting exists (20.1+), so an
 *                       {@code ALTER ... UPDATE/DELETE} can wait for its mutation to finish
 */
public record ClickHouseCapabilities(
        ClickHouseVersion version,
        boolean dateTime64,
        boolean lowCardinality,
        boolean bool,
        boolean mutationsSync) {

    /** Every timestamp column is stored in UTC, whatever the server's own time zone. */
    public static final String TIME_ZONE = "UTC";

    /** The capabilities of a server of the given version. */
    public static ClickHouseCapabilities of(ClickHouseVersion version) {
        return new ClickHouseCapabilities(
                version,
                version.atLeast(20, 1),
                version.atLeast(20, 1),
                version.atLeast(21, 12),
                version.atLeast(20, 1));
    }

    /** The timestamp type: milliseconds where the server has {@code DateTime64}, else seconds. */
    public String dateTimeType() {
        return dateTime64 ? "DateTime64(3, '" + TIME_ZONE + "')" : "DateTime('" + TIME_ZONE + "')";
    }

    /** {@link #dateTimeType()} wrapped in {@code Nullable}. */
    public String nullableDateTimeType() {
        return "Nullable(" + dateTimeType() + ")";
    }

    /** A string column with few distinct values (event type, source id). */
    public String lowCardinalityStringType() {
        return lowCardinality ? "LowCardinality(String)" : "String";
    }

    /** The boolean type: {@code Bool} where it exists, else {@code UInt8} (0/1). */
    public String boolType() {
        return bool ? "Bool" : "UInt8";
    }

    /**
     * The placeholders ClickHouse migration files may use, {@code ${NAME}} → type for this
     * server (see docs/migrations.md).
     */
    public Map<String, String> placeholders() {
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("DATETIME", dateTimeType());
        placeholders.put("NULLABLE_DATETIME", nullableDateTimeType());
        placeholders.put("LOW_CARDINALITY_STRING", lowCardinalityStringType());
        placeholders.put("BOOL", boolType());
        return placeholders;
    }
}
