package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.TenantTables;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.read.Rows;
import io.cdp.server.bulker.schema.Column;
import io.cdp.server.bulker.schema.SchemaPlan;
import io.cdp.server.bulker.schema.SchemaPlanner;
import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.event.FieldType;
import io.cdp.server.identity.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Destination} keeps, run against each real one (Jitsu's bulker runs
 * one table-driven suite against every destination the same way). Subclasses provide the
 * destination on a fresh database and a way to read rows back.
 */
abstract class DestinationContractTest {
    /** The destination under test, on a database of this test class. */
    abstract Destination destination();

    /** Rows of {@code table} as the destination shows them deduplicated, by message id, each column as text (null for NULL). */
    abstract Map<String, Map<String, String>> rows(String table);

    /** The key {@link #rows} gives a stored row: its message id, with {@code @workspace} outside workspace "ws". */
    static String rowKey(JsonNode row) {
        String workspace = row.get("workspace_id").asText();
        return row.get("message_id").asText() + (workspace.equals("ws") ? "" : "@" + workspace);
    }

    /** A stored row's columns as text: JSON text for arrays and objects, null for NULL. */
    static Map<String, String> textValues(JsonNode row) {
        Map<String, String> values = new HashMap<>();
        row.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().isNull() ? null
                : field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString()));
        return values;
    }

    /** Number of rows shown for the table, deduplicated. */
    long count(String table) {
        return rows(table).size();
    }

    private TableSchema schema(String table) {
        return destination().describe(table).orElseThrow();
    }

    private TableSchema evolve(String table, List<Row> rows) {
        TableSchemas schemas = new TableSchemas(destination());
        TableSchema schema = schemas.refresh(table);
        SchemaPlan plan = SchemaPlanner.plan(schema, rows, SchemaPlanner.LearnedTypes.NONE, 1000);
        plan.newColumns().forEach((column, type) -> destination().addColumn(table, column, type));
        return schemas.refresh(table);
    }

    @Test
    void createdTablesHaveTheBaseColumnsAndCreatingAgainChangesNothing() {
        destination().createTable("created");
        destination().createTable("created");

        TableSchema schema = schema("created");
        assertThat(schema.columns().keySet()).containsAll(BaseColumns.ALL.keySet())
                .allSatisfy(name -> assertThat(BaseColumns.ALL.containsKey(name) || name.startsWith("_"))
                        .as("only base and bookkeeping columns: " + name).isTrue());
        BaseColumns.ALL.forEach((name, type) -> assertThat(schema.column(name).kind()).contains(type));
        assertThat(destination().describe("never_created")).isEmpty();
    }

    @Test
    void addedColumnsHoldTheirFieldTypeAndAddingTwiceIsFine() {
        destination().createTable("typed");
        for (FieldType type : FieldType.values()) {
            destination().addColumn("typed", "c_" + type.id(), type);
            destination().addColumn("typed", "c_" + type.id(), type);
        }

        TableSchema schema = schema("typed");
        for (FieldType type : FieldType.values()) {
            Column column = schema.column("c_" + type.id());
            assertThat(column.accepts(type)).as(column.sqlType() + " takes " + type).isTrue();
        }
    }

    @Test
    void manyWritersAddingTheSameColumnsAtOnceEndWithOneOfEach() throws Exception {
        destination().createTable("raced");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> adders = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                adders.add(() -> {
                    for (int column = 0; column < 5; column++) {
                        destination().addColumn("raced", "shared_" + column, FieldType.INT);
                    }
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(adders, 60, TimeUnit.SECONDS)) {
                result.get(); // rethrows any writer's failure
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(schema("raced").columns().keySet()).filteredOn(name -> name.startsWith("shared_"))
                .containsExactlyInAnyOrder("shared_0", "shared_1", "shared_2", "shared_3", "shared_4");
    }

    @Test
    void valuesOfEveryTypeRoundTrip() {
        Row row = Rows.row("ws", "m1", """
                {"type":"track","anonymousId":"a-1","properties":{"plan":"pro","seats":3,"price":9.5,"paid":true,
                 "tags":["x","y"],"renews":"2024-06-01T12:30:00Z","none":null},"sentAt":"2024-05-01T09:59:59Z"}""");
        TableSchema schema = evolve("round_trip", List.of(row));

        destination().write(schema, List.of(row));

        Map<String, String> stored = rows("round_trip").get("m1");
        assertThat(stored).containsEntry("workspace_id", "ws").containsEntry("type", "track")
                .containsEntry("anonymous_id", "a-1").containsEntry("properties_plan", "pro")
                .containsEntry("properties_seats", "3").containsEntry("properties_price", "9.5");
        assertThat(stored.get("properties_paid")).isIn("1", "true", "t");
        assertThat(stored.get("properties_tags").replace(" ", "")).isEqualTo("[\"x\",\"y\"]");
        assertThat(stored.get("properties_renews")).startsWith("2024-06-01").contains("12:30:00");
        assertThat(stored.get("received_at")).startsWith("2024-05-01").contains("10:00:00");
        assertThat(stored.get("sent_at")).startsWith("2024-05-01").contains("09:59:59");
        assertThat(stored.get("user_id")).isNull();
        assertThat(schema.has("properties_none")).as("a null says nothing about a type").isFalse();
    }

    @Test
    void writingABatchAgainShowsEachEventOnce() {
        List<Row> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(Rows.row("ws", "m" + i, "{\"type\":\"track\",\"properties\":{\"i\":" + i + "}}"));
        }
        batch.add(Rows.row("other-ws", "m0", "{\"type\":\"track\"}")); // same message id, other workspace
        TableSchema schema = evolve("dedup", batch);

        destination().write(schema, batch);
        destination().write(schema, batch.subList(10, 30)); // a crash between insert and commit replays a tail

        assertThat(count("dedup")).isEqualTo(51);
    }

    @Test
    void fieldsNamedLikeSqlCannotInjectSql() {
        Row row = Rows.row("ws", "m1", """
                {"type":"track","properties":{"x` String) ENGINE = Log; DROP TABLE injected; --":"a",
                 "\\"; DROP TABLE injected; --":"b","select":"c","from":"d","order":1}}""");
        TableSchema schema = evolve("injected", List.of(row));

        destination().write(schema, List.of(row));

        assertThat(schema.columns()).containsKeys("properties_x_string_engine_log_drop_table_injected",
                "properties_drop_table_injected", "properties_select", "properties_from", "properties_order");
        assertThat(rows("injected").get("m1")).containsEntry("properties_select", "c").containsEntry("properties_order", "1");
    }

    @Test
    void quotingHoldsEvenForNamesSanitizingWouldHaveChanged() {
        destination().createTable("quoted");
        destination().addColumn("quoted", "we`ird\"name; DROP TABLE quoted", FieldType.STRING);

        assertThat(schema("quoted").columns()).containsKey("we`ird\"name; DROP TABLE quoted");
    }

    @Test
    void stitchingGivesAnonymousRowsTheUserIdAndLeavesClientUserIdsAlone() {
        String table = TenantTables.name("ws", "stitched");
        String otherWorkspaceTable = TenantTables.name("ws2", "stitched");
        List<Row> rows = List.of(
                Rows.row("ws", "anon-1", "{\"type\":\"page\",\"anonymousId\":\"a-1\"}"),
                Rows.row("ws", "anon-2", "{\"type\":\"track\",\"anonymousId\":\"a-1\"}"),
                Rows.row("ws", "own", "{\"type\":\"track\",\"anonymousId\":\"a-1\",\"userId\":\"client-says\"}"),
                Rows.row("ws", "other", "{\"type\":\"track\",\"anonymousId\":\"a-2\"}"));
        List<Row> otherWorkspaceRows = List.of(
                Rows.row("ws2", "other-ws", "{\"type\":\"track\",\"anonymousId\":\"a-1\"}"));
        destination().write(evolve(table, rows), rows);
        destination().write(evolve(otherWorkspaceTable, otherWorkspaceRows), otherWorkspaceRows);

        destination().stitch("ws", List.of(new Identity("ws", "a-1", "u-1", Rows.RECEIVED)));
        Map<String, Map<String, String>> first = rows(table);
        assertThat(first.get("anon-1")).containsEntry("user_id", "u-1");
        assertThat(first.get("anon-2")).containsEntry("user_id", "u-1");
        assertThat(first.get("own")).containsEntry("user_id", "client-says");
        assertThat(first.get("other").get("user_id")).isIn(null, "");
        assertThat(rows(otherWorkspaceTable).get("other-ws@ws2").get("user_id")).isIn(null, "");

        // A later identify of the same visitor.
        destination().stitch("ws", List.of(new Identity("ws", "a-1", "u-2", Rows.RECEIVED.plusSeconds(1))));
        Map<String, Map<String, String>> second = rows(table);
        assertThat(second.get("anon-1")).containsEntry("user_id", "u-2");
        assertThat(second.get("own")).containsEntry("user_id", "client-says");
        assertThat(second).hasSize(4);
    }
}
