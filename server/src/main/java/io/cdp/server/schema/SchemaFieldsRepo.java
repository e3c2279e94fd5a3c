package io.cdp.server.schema;

import io.cdp.server.event.FieldType;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The learned event schema in PostgreSQL ({@code schema_fields}): per workspace and table, the
 * type first seen for each flattened field. The ingest schema check and the bulker's column
 * types both read and write it here, so they agree on every field's type. Thread-safe.
 */
public class SchemaFieldsRepo {
    /** One workspace's learned type for one field. */
    public record LearnedField(String workspaceId, String field, FieldType type) {
    }

    private final Jdbi jdbi;

    public SchemaFieldsRepo(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The learned types of {@code fields} of {@code table}, for each of {@code workspaceIds} that has one. */
    public List<LearnedField> learned(String table, Collection<String> workspaceIds, Collection<String> fields) {
        if (workspaceIds.isEmpty() || fields.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT workspace_id, field, type FROM schema_fields "
                                + "WHERE table_name = :table AND workspace_id = ANY(:workspaces) AND field = ANY(:fields)")
                .bind("table", table)
                .bindArray("workspaces", String.class, workspaceIds)
                .bindArray("fields", String.class, fields)
                .map((result, context) -> new LearnedField(result.getString(1), result.getString(2),
                        FieldType.fromId(result.getString(3))))
                .list());
    }

    /**
     * Records types for fields a workspace has not learned yet; a type already learned stays
     * (first seen wins, whoever saw it first). Workspaces that do not exist are skipped.
     */
    public void learn(String workspaceId, String table, Map<String, FieldType> fields) {
        if (fields.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(fields.size());
        List<String> types = new ArrayList<>(fields.size());
        fields.forEach((field, type) -> {
            names.add(field);
            types.add(type.id());
        });
        jdbi.useHandle(handle -> handle.createUpdate(
                        "INSERT INTO schema_fields (workspace_id, table_name, field, type) "
                                + "SELECT w.id, :table, f.field, f.type FROM workspaces w, "
                                + "unnest(:fields, :types) AS f(field, type) WHERE w.id = :workspace "
                                + "ON CONFLICT (workspace_id, table_name, field) DO NOTHING")
                .bind("workspace", workspaceId)
                .bind("table", table)
                .bindArray("fields", String.class, names)
                .bindArray("types", String.class, types)
                .execute());
    }
}
