package io.cdp.server.ingest.schema;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The learned schema ({@code schema_fields}): first type seen per workspace, table and field. */
@RegisterConstructorMapper(SchemaFieldRepo.Field.class)
public interface SchemaFieldRepo {
    /** One learned field. */
    record Field(String field, String type) {
    }

    @SqlQuery("SELECT field, type FROM schema_fields WHERE workspace_id = :workspaceId AND table_name = :table")
    List<Field> fields(@Bind("workspaceId") String workspaceId, @Bind("table") String table);

    /**
     * Learns {@code type} for the field unless a type is already stored, and answers the stored
     * type either way (another process may have learned another one first).
     */
    @SqlQuery("WITH inserted AS (INSERT INTO schema_fields (workspace_id, table_name, field, type)"
            + " VALUES (:workspaceId, :table, :field, :type) ON CONFLICT DO NOTHING RETURNING type)"
            + " SELECT type FROM inserted UNION ALL SELECT type FROM schema_fields"
            + " WHERE workspace_id = :workspaceId AND table_name = :table AND field = :field LIMIT 1")
    String learn(@Bind("workspaceId") String workspaceId, @Bind("table") String table, @Bind("field") String field,
                 @Bind("type") String type);
}
