package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.bulker.clickhouse.ClickHouseTypes;
import io.cdp.server.bulker.postgres.PostgresTypes;
import io.cdp.server.bulker.schema.ColumnKinds;
import io.cdp.server.clickhouse.ClickHouseCapabilities;
import io.cdp.server.clickhouse.ClickHouseVersion;
import io.cdp.server.event.FieldType;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The type tables of each destination: what new columns get, and what existing columns hold. */
class ColumnTypesTest {
    private static final ClickHouseTypes OLD_CLICKHOUSE =
            new ClickHouseTypes(ClickHouseCapabilities.of(ClickHouseVersion.parse("18.16.1")));
    private static final ClickHouseTypes NEW_CLICKHOUSE =
            new ClickHouseTypes(ClickHouseCapabilities.of(ClickHouseVersion.parse("24.8.4.13")));
    private static final PostgresTypes POSTGRES = new PostgresTypes();

    @ParameterizedTest
    @CsvSource({
            "STRING, Nullable(String), Nullable(String), TEXT",
            "INT, Nullable(Int64), Nullable(Int64), BIGINT",
            "FLOAT, Nullable(Float64), Nullable(Float64), DOUBLE PRECISION",
            "BOOL, Nullable(UInt8), Nullable(UInt8), BOOLEAN",
            "TIMESTAMP, Nullable(DateTime('UTC')), 'Nullable(DateTime64(3, ''UTC''))', TIMESTAMPTZ",
            "JSON, Nullable(String), Nullable(String), JSONB"})
    void newColumnsGetEachDestinationsTypeForTheServerAtHand(FieldType type, String clickHouse1816,
                                                             String clickHouse24, String postgres) {
        assertThat(OLD_CLICKHOUSE.columnType(type)).isEqualTo(clickHouse1816);
        assertThat(NEW_CLICKHOUSE.columnType(type)).isEqualTo(clickHouse24);
        assertThat(POSTGRES.columnType(type)).isEqualTo(postgres);
    }

    @ParameterizedTest
    @EnumSource(FieldType.class)
    void everyTypeACreatedColumnHasIsRecognisedAgain(FieldType type) {
        FieldType stored = type == FieldType.JSON ? FieldType.STRING : type; // JSON text lives in String columns
        assertThat(OLD_CLICKHOUSE.kindOf(OLD_CLICKHOUSE.columnType(type))).contains(stored);
        assertThat(NEW_CLICKHOUSE.kindOf(NEW_CLICKHOUSE.columnType(type))).contains(stored);
        assertThat(ColumnKinds.accepts(stored, type)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "LowCardinality(String), STRING",
            "Nullable(FixedString(16)), STRING",
            "UUID, STRING",
            "Int32, INT",
            "UInt64, INT",
            "'Nullable(Decimal(18, 4))', FLOAT",
            "DateTime, TIMESTAMP",
            "Bool, BOOL"})
    void clickHouseColumnsMadeByHandAreRecognised(String sqlType, FieldType kind) {
        assertThat(OLD_CLICKHOUSE.kindOf(sqlType)).contains(kind);
    }

    @Test
    void clickHouseTypesTheBulkerDoesNotWriteAreNotGuessed() {
        assertThat(OLD_CLICKHOUSE.kindOf("Array(String)")).isEqualTo(Optional.empty());
        assertThat(OLD_CLICKHOUSE.kindOf("Date")).isEqualTo(Optional.empty());
        assertThat(POSTGRES.kindOf("bytea")).isEqualTo(Optional.empty());
    }

    @Test
    void postgresColumnsAreReadFromInformationSchemaNames() {
        assertThat(POSTGRES.kindOf("character varying")).contains(FieldType.STRING);
        assertThat(POSTGRES.kindOf("timestamp with time zone")).contains(FieldType.TIMESTAMP);
        assertThat(POSTGRES.kindOf("integer")).contains(FieldType.INT);
        assertThat(POSTGRES.kindOf("jsonb")).contains(FieldType.JSON);
    }
}
