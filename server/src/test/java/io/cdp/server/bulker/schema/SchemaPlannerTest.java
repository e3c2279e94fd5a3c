package io.cdp.server.bulker.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.bulker.postgres.PostgresTypes;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.read.Rows;
import io.cdp.server.event.DeadLetter.Reasons;
import io.cdp.server.event.FieldType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaPlannerTest {
    private static final PostgresTypes TYPES = new PostgresTypes();

    /** A table with the base columns plus the given extra ones (name → SQL type). */
    private static TableSchema table(String... extra) {
        Map<String, Column> columns = new LinkedHashMap<>();
        BaseColumns.ALL.forEach((name, type) -> columns.put(name, TYPES.column(name, sqlName(type))));
        for (int i = 0; i < extra.length; i += 2) {
            columns.put(extra[i], TYPES.column(extra[i], extra[i + 1]));
        }
        return new TableSchema("events", columns);
    }

    /** The type as information_schema names it. */
    private static String sqlName(FieldType type) {
        return switch (type) {
            case STRING -> "text";
            case INT -> "bigint";
            case FLOAT -> "double precision";
            case BOOL -> "boolean";
            case TIMESTAMP -> "timestamp with time zone";
            case JSON -> "jsonb";
        };
    }

    @Test
    void newFieldsBecomeColumnsTypedByTheirFirstValue() {
        List<Row> rows = List.of(
                Rows.row("ws", "m1", "{\"properties\":{\"plan\":\"pro\",\"seats\":3}}"),
                Rows.row("ws", "m2", "{\"properties\":{\"price\":9.5,\"paid\":true,\"tags\":[\"a\"],"
                        + "\"renews\":\"2024-06-01T00:00:00Z\"}}"));

        SchemaPlan plan = SchemaPlanner.plan(table(), rows, SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.newColumns()).containsExactly(
                Map.entry("properties_plan", FieldType.STRING), Map.entry("properties_seats", FieldType.FLOAT),
                Map.entry("properties_price", FieldType.FLOAT), Map.entry("properties_paid", FieldType.BOOL),
                Map.entry("properties_tags", FieldType.JSON), Map.entry("properties_renews", FieldType.TIMESTAMP));
        assertThat(plan.accepted()).hasSize(2);
        assertThat(plan.rejected()).isEmpty();
    }

    @ParameterizedTest(name = "column {0} takes {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "bigint                   | 42                        | true",
            "bigint                   | 4.5                       | false",
            "bigint                   | '\"42\"'                  | false",
            "double precision         | 42                        | true",
            "double precision         | true                      | false",
            "text                     | '\"2024-05-01T10:00:00Z\"' | true",
            "text                     | '[1,2]'                   | true",
            "text                     | 42                        | false",
            "timestamp with time zone | '\"yesterday\"'           | false",
            "timestamp with time zone | '\"2024-05-01 10:00:00\"' | true",
            "boolean                  | 1                         | false",
            "jsonb                    | '[\"x\"]'                 | true",
            "jsonb                    | '\"x\"'                   | false",
            "bigint                   | null                      | true"})
    void valuesMustFitTheirColumnsType(String sqlType, String value, boolean fits) {
        Row row = Rows.row("ws", "m1", "{\"properties\":{\"x\":" + value + "}}");

        SchemaPlan plan = SchemaPlanner.plan(table("properties_x", sqlType), List.of(row),
                SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.accepted()).hasSize(fits ? 1 : 0);
        if (!fits) {
            RowRejection rejection = plan.rejected().get(0);
            assertThat(rejection.reason()).isEqualTo(Reasons.TYPE_CONFLICT);
            assertThat(rejection.field()).isEqualTo("properties_x");
            assertThat(rejection.message()).contains("properties_x", sqlType);
        }
    }

    @Test
    void aConflictRejectsOnlyItsRowAndTheFirstTypeInTheBatchWins() {
        List<Row> rows = List.of(
                Rows.row("ws", "m1", "{\"properties\":{\"n\":1}}"),
                Rows.row("ws", "m2", "{\"properties\":{\"n\":\"one\",\"only_here\":1}}"),
                Rows.row("ws", "m3", "{\"properties\":{\"n\":2}}"));

        SchemaPlan plan = SchemaPlanner.plan(table(), rows, SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.newColumns()).containsOnlyKeys("properties_n");
        assertThat(plan.accepted()).extracting(Row::messageId).containsExactly("m1", "m3");
        assertThat(plan.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.row().messageId()).isEqualTo("m2");
            assertThat(rejection.field()).isEqualTo("properties_n");
            assertThat(rejection.message()).contains("is a string", "float");
        });
    }

    @Test
    void theTypeIngestLearnedDecidesANewColumnsType() {
        SchemaPlanner.LearnedTypes learned = (workspace, field) ->
                workspace.equals("ws") && field.equals("properties_score") ? Optional.of(FieldType.FLOAT) : Optional.empty();
        List<Row> rows = List.of(
                Rows.row("ws", "m1", "{\"properties\":{\"score\":1}}"),
                Rows.row("ws", "m2", "{\"properties\":{\"score\":1.5}}"));

        SchemaPlan plan = SchemaPlanner.plan(table(), rows, learned, 1000);

        assertThat(plan.newColumns()).containsEntry("properties_score", FieldType.FLOAT);
        assertThat(plan.accepted()).hasSize(2);
    }

    @Test
    void baseColumnsKeepTheirTypeWhateverTheEventSays() {
        Map<String, Column> columns = new LinkedHashMap<>();
        columns.put("workspace_id", TYPES.column("workspace_id", "text"));
        columns.put("message_id", TYPES.column("message_id", "text"));
        Row row = Rows.row("ws", "m1", "{\"sentAt\":\"not a date\"}");

        SchemaPlan plan = SchemaPlanner.plan(new TableSchema("t", columns), List.of(row),
                SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.rejected()).singleElement().satisfies(rejection ->
                assertThat(rejection.field()).isEqualTo("sent_at"));
    }

    @Test
    void rowsThatWouldPassTheColumnCapAreRejectedWithTheReason() {
        int width = table().size();
        List<Row> rows = List.of(
                Rows.row("ws", "m1", "{\"properties\":{\"a\":1}}"),
                Rows.row("ws", "m2", "{\"properties\":{\"b\":1,\"c\":2}}"),
                Rows.row("ws", "m3", "{\"properties\":{\"a\":5}}"));

        SchemaPlan plan = SchemaPlanner.plan(table(), rows, SchemaPlanner.LearnedTypes.NONE, width + 2);

        assertThat(plan.newColumns()).containsOnlyKeys("properties_a");
        assertThat(plan.accepted()).extracting(Row::messageId).containsExactly("m1", "m3");
        assertThat(plan.rejected()).singleElement().satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(Reasons.TOO_MANY_COLUMNS);
            assertThat(rejection.field()).isEqualTo("properties_c");
            assertThat(rejection.message()).contains("maxColumnsPerTable", String.valueOf(width + 2));
        });
    }

    @Test
    void columnsOfTypesTheBulkerDoesNotWriteRejectValues() {
        Row row = Rows.row("ws", "m1", "{\"properties\":{\"shape\":\"circle\"}}");

        SchemaPlan plan = SchemaPlanner.plan(table("properties_shape", "USER-DEFINED"), List.of(row),
                SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.rejected()).singleElement().satisfies(rejection ->
                assertThat(rejection.message()).contains("USER-DEFINED", "does not write"));
    }

    @Test
    void rowsSharingTheirFieldsAreEachPlannedAsAloneTheyWouldBe() {
        List<Row> rows = Rows.read("ws",
                "{\"properties\":{\"plan\":\"pro\"}}",
                "{\"properties\":{\"plan\":\"team\"}}",
                "{\"properties\":{\"seats\":\"many\"}}",
                "{\"properties\":{\"seats\":\"few\"}}",
                "{\"properties\":{\"plan\":\"pro\"}}");
        assertThat(rows.get(1).fields()).isSameAs(rows.get(0).fields());
        assertThat(rows.get(3).fields()).isSameAs(rows.get(2).fields());

        SchemaPlan plan = SchemaPlanner.plan(table("properties_seats", "bigint"), rows,
                SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.newColumns()).containsOnlyKeys("properties_plan");
        assertThat(plan.accepted()).extracting(Row::messageId).containsExactly("m1", "m2", "m5");
        assertThat(plan.rejected()).extracting(rejection -> rejection.row().messageId()).containsExactly("m3", "m4");
        assertThat(plan.rejected()).allSatisfy(rejection -> assertThat(rejection.field()).isEqualTo("properties_seats"));
    }

    @Test
    void rowsWhoseFieldsTheTableHasAreAcceptedOnceTheirListIsKnownToFit() {
        List<Row> rows = Rows.read("ws",
                "{\"properties\":{\"seats\":3}}",
                "{\"properties\":{\"seats\":4}}",
                "{\"properties\":{\"seats\":4.5}}");

        SchemaPlan plan = SchemaPlanner.plan(table("properties_seats", "bigint"), rows,
                SchemaPlanner.LearnedTypes.NONE, 1000);

        assertThat(plan.newColumns()).isEmpty();
        assertThat(plan.accepted()).extracting(Row::messageId).containsExactly("m1", "m2");
        assertThat(plan.rejected()).extracting(rejection -> rejection.row().messageId()).containsExactly("m3");
    }
}
