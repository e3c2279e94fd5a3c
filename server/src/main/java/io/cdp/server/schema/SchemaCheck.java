package io.cdp.server.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cdp.server.error.AppError;
import io.cdp.server.event.FieldType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pipeline step 8: checks a flattened event against the workspace's learned schema. The first
 * type seen for a field wins (stored in {@code schema_fields}); a later value of a type the
 * learned one does not accept ({@link FieldType#accepts}) is a conflict. Nothing is learned from
 * an event that conflicts. Known fields are cached per workspace and table: a learned type
 * never changes, so the cache needs no invalidation. Thread-safe.
 */
public class SchemaCheck {
    private record Table(String workspaceId, String name) {
    }

    private final SchemaFieldRepo repo;
    private final LoadingCache<Table, ConcurrentMap<String, FieldType>> known;

    public SchemaCheck(SchemaFieldRepo repo) {
        this.repo = repo;
        this.known = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterAccess(Duration.ofHours(1))
                .build(this::load);
    }

    /** The first conflict of the event, if any; learns the event's new fields otherwise. */
    public Optional<SchemaConflict> check(String workspaceId, String table, Map<String, JsonNode> fields) {
        ConcurrentMap<String, FieldType> schema = known.get(new Table(workspaceId, table));
        Map<String, JsonNode> unseen = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : fields.entrySet()) {
            Optional<FieldType> type = FieldType.of(field.getValue());
            if (type.isEmpty()) {
                continue;
            }
            FieldType learned = schema.get(field.getKey());
            if (learned == null) {
                unseen.put(field.getKey(), field.getValue());
            } else if (!FieldType.fits(learned, field.getValue())) {
                return Optional.of(new SchemaConflict(field.getKey(), learned, type.get()));
            }
        }
        for (Map.Entry<String, JsonNode> field : unseen.entrySet()) {
            FieldType type = FieldType.of(field.getValue()).orElseThrow();
            FieldType stored = learn(workspaceId, table, field.getKey(), type);
            schema.put(field.getKey(), stored);
            if (!FieldType.fits(stored, field.getValue())) {
                return Optional.of(new SchemaConflict(field.getKey(), stored, type));
            }
        }
        return Optional.empty();
    }

    private FieldType learn(String workspaceId, String table, String field, FieldType type) {
        try {
            String stored = repo.learn(workspaceId, table, field, type.id());
            if (stored == null) {
                stored = repo.type(workspaceId, table, field).orElseThrow(() -> new IllegalStateException(
                        "schema field " + field + " of " + workspaceId + "." + table + " neither learned nor stored"));
            }
            return FieldType.fromId(stored);
        } catch (RuntimeException databaseTrouble) {
            throw AppError.unavailable("the event schema cannot be checked right now; retry shortly", databaseTrouble);
        }
    }

    private ConcurrentMap<String, FieldType> load(Table table) {
        ConcurrentMap<String, FieldType> fields = new ConcurrentHashMap<>();
        try {
            for (SchemaFieldRepo.Field field : repo.fields(table.workspaceId(), table.name())) {
                fields.put(field.field(), FieldType.fromId(field.type()));
            }
        } catch (RuntimeException databaseTrouble) {
            throw AppError.unavailable("the event schema cannot be checked right now; retry shortly", databaseTrouble);
        }
        return fields;
    }
}
