package io.cdp.server.schema;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The learned schema ({@code schema_fields}): first type seen per workspace, table and field.
 * The one way to it for the ingest schema check and the bulker's column types, so both agree.
 */
@RegisterConstructorMapper(SchemaFieldRepo.Field.class)
@RegisterConstructorMapper(SchemaFieldRepo.WorkspaceField.class)
public interface SchemaFieldRepo {
    /** One learned field. */
    record Field(String field, String type) {
    }

    /** One learned field of one workspace. */
    record WorkspaceField(String workspaceId, String field, String type) {
    }

    @SqlQuery("SELECT field, type FROM schema_fields WHERE workspace_id = :workspaceId AND table_name = :table")
    List<Field> fields(@Bind("workspaceId") String workspaceId, @Bind("table") String table);

    /**
     * Learns {@code type} for the field unless a type is already stored, and answers the stored
     * type either way (another process may have learned another one first). Answers null when
     * another transaction stored the field after this statement's snapshot was taken: the insert
     * then waits for it and does nothing, and the select cannot see it. {@link #type} in a
     * statement of its own does.
     */
    @SqlQuery("WITH inserted AS (INSERT INTO schema_fields (workspace_id, table_name, field, type)"
            + " VALUES (:workspaceId, :table, :field, :type) ON CONFLICT DO NOTHING RETURNING type)"
            + " SELECT type FROM inserted UNION ALL SELECT type FROM schema_fields"
            + " WHERE workspace_id = :workspaceId AND table_name = :table AND field = :field LIMIT 1")
    String learn(@Bind("workspaceId") String workspaceId, @Bind("table") String table, @Bind("field") String field,
                 @Bind("type") String type);

    /** The type stored for the field, if any. */
    @SqlQuery("SELECT type FROM schema_fields WHERE workspace_id = :workspaceId AND table_name = :table"
            + " AND field = :field")
    Optional<String> type(@Bind("workspaceId") String workspaceId, @Bind("table") String table,
                          @Bind("field") String field);

    /** The learned types of these fields of {@code table}, for each of these workspaces that has one (bulker). */
    @SqlQuery("SELECT workspace_id, field, type FROM schema_fields WHERE table_name = :table"
            + " AND workspace_id = ANY(:workspaceIds) AND field = ANY(:fields)")
    List<WorkspaceField> learned(@Bind("table") String table, @Bind("workspaceIds") String[] workspaceIds,
                                 @Bind("fields") String[] fields);

    /**
     * Learns types for fields the workspace has not learned yet, in one statement (bulker: the
     * types of columns it added); types already learned stay. A workspace that does not exist
     * learns nothing.
     */
    @SqlUpdate("INSERT INTO schema_fields (workspace_id, table_name, field, type)"
            + " SELECT w.id, :table, f.field, f.type FROM workspaces w, unnest(:fields, :types) AS f(field, type)"
            + " WHERE w.id = :workspaceId ON CONFLICT DO NOTHING")
    void learnAll(@Bind("workspaceId") String workspaceId, @Bind("table") String table, @Bind("fields") String[] fields,
                  @Bind("types") String[] types);
}
