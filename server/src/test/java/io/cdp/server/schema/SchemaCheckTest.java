package io.cdp.server.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldType;
import io.cdp.server.event.Flattener;
import io.cdp.server.testing.TestServices;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The learned schema on a real PostgreSQL database of its own. */
class SchemaCheckTest {
    private static Jdbi jdbi;

    @BeforeAll
    static void database() {
        String database = TestServices.createMigratedDatabase("schema");
        jdbi = Jdbi.create(TestServices.jdbcUrl(database), TestServices.PG_USER, "").installPlugin(new SqlObjectPlugin());
        jdbi.useHandle(handle -> handle.execute("INSERT INTO workspaces (id, name) VALUES ('ws1', 'one'), ('ws2', 'two')"));
    }

    private static Map<String, JsonNode> fields(Map<String, Object> event) {
        return Flattener.flatten(EventJson.MAPPER.valueToTree(event));
    }

    private static SchemaCheck check() {
        return new SchemaCheck(jdbi.onDemand(SchemaFieldRepo.class));
    }

    @Test
    void theFirstTypeWinsAndAnotherTypeIsAConflictNamingTheFlattenedField() {
        SchemaCheck schema = check();
        assertThat(schema.check("ws1", "events", fields(Map.of("properties", Map.of("price", 10))))).isEmpty();
        SchemaConflict conflict = schema.check("ws1", "events",
                fields(Map.of("properties", Map.of("price", "ten")))).orElseThrow();
        assertThat(conflict.field()).isEqualTo("properties_price");
        assertThat(conflict.learned()).isEqualTo(FieldType.FLOAT);
        assertThat(conflict.received()).isEqualTo(FieldType.STRING);
        // JSON has one number type: 10 then 12.5 is no conflict, in either order.
        assertThat(schema.check("ws1", "events", fields(Map.of("properties", Map.of("price", 12.5))))).isEmpty();
        assertThat(schema.check("ws1", "events", fields(Map.of("ratio", 0.5)))).isEmpty();
        assertThat(schema.check("ws1", "events", fields(Map.of("ratio", 1)))).isEmpty();
    }

    @Test
    void theSchemaIsPerWorkspaceAndTableAndSharedAcrossProcesses() {
        assertThat(check().check("ws1", "events", fields(Map.of("plan", "pro")))).isEmpty();
        assertThat(check().check("ws2", "events", fields(Map.of("plan", 5)))).isEmpty();
        assertThat(check().check("ws1", "other", fields(Map.of("plan", true)))).isEmpty();
        // A second "process" (a fresh cache) sees what the first learned.
        assertThat(check().check("ws1", "events", fields(Map.of("plan", false)))).isPresent();
    }

    @Test
    void nothingIsLearnedFromAConflictingEventAndNullsSayNothing() {
        SchemaCheck schema = check();
        schema.check("ws2", "events", fields(Map.of("count", 1)));
        assertThat(schema.check("ws2", "events", fields(Map.of("fresh_field", "x", "count", "one")))).isPresent();
        int learned = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM schema_fields WHERE workspace_id = 'ws2' AND field = 'fresh_field'")
                .mapTo(Integer.class).one());
        assertThat(learned).isZero();
        java.util.Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("count", null);
        assertThat(schema.check("ws2", "events", fields(withNull))).isEmpty();
    }

    /**
     * Every new source starts like this: many clients send the same new fields at once, each
     * ingest thread (here each with a cache of its own, as separate processes have) learning them
     * in a transaction of its own. None may fail, and all must agree on the first type stored.
     */
    @Test
    void clientsLearningTheSameNewFieldsAtOnceAllAgreeAndNoneFails() throws Exception {
        jdbi.useHandle(handle -> handle.execute("INSERT INTO workspaces (id, name) VALUES ('ws-race', 'race')"));
        int clients = 16;
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            properties.put("field_" + i, i % 2 == 0 ? "text" : (Object) i);
        }
        Map<String, JsonNode> event = fields(Map.of("properties", properties));
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (HandleList handles = new HandleList()) {
            List<Future<Optional<SchemaConflict>>> results = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                // A connection of its own per client, in autocommit, as a pooled server has.
                SchemaCheck schema = new SchemaCheck(handles.add(jdbi.open()).attach(SchemaFieldRepo.class));
                results.add(pool.submit(() -> {
                    start.await();
                    return schema.check("ws-race", "events", event);
                }));
            }
            for (Future<Optional<SchemaConflict>> result : results) {
                assertThat(result.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        Integer learned = jdbi.withHandle(handle -> handle.createQuery(
                "SELECT count(*) FROM schema_fields WHERE workspace_id = 'ws-race'").mapTo(Integer.class).one());
        assertThat(learned).isEqualTo(40);
    }

    /** Handles closed together. */
    private static final class HandleList implements AutoCloseable {
        private final List<Handle> handles = new ArrayList<>();

        Handle add(Handle handle) {
            handles.add(handle);
            return handle;
        }

        @Override
        public void close() {
            handles.forEach(Handle::close);
        }
    }
}
