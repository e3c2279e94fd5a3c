package io.cdp.server.functions;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Functions and their attachment to sources in PostgreSQL (JDBI SqlObject; thread-safe when made
 * with {@code onDemand}).
 */
@RegisterConstructorMapper(StoredFunction.class)
@RegisterConstructorMapper(Attachment.class)
@RegisterConstructorMapper(SourceContext.class)
public interface FunctionRepo {
    String COLUMNS = "id, workspace_id, name, code, version, props::text AS props, created_at, updated_at";

    /**
     * Creates the function, or gives an existing one of that name new code or props and the next
     * version; the same code and props again change nothing (empty answer: read it with {@link #find}).
     */
    @SqlQuery("INSERT INTO functions (id, workspace_id, name, code, version, props)"
            + " VALUES (:id, :workspaceId, :name, :code, 1, CAST(:props AS jsonb))"
            + " ON CONFLICT (workspace_id, name) DO UPDATE SET code = EXCLUDED.code, props = EXCLUDED.props,"
            + " version = functions.version + 1, updated_at = now()"
            + " WHERE functions.code IS DISTINCT FROM EXCLUDED.code OR functions.props IS DISTINCT FROM EXCLUDED.props"
            + " RETURNING " + COLUMNS)
    Optional<StoredFunction> upsert(@Bind("id") String id, @Bind("workspaceId") String workspaceId,
                                    @Bind("name") String name, @Bind("code") String code, @Bind("props") String props);

    /** A function of the workspace, by id or name. */
    @SqlQuery("SELECT " + COLUMNS + " FROM functions WHERE workspace_id = :workspaceId AND (id = :ref OR name = :ref)"
            + " ORDER BY (id = :ref) DESC LIMIT 1")
    Optional<StoredFunction> find(@Bind("workspaceId") String workspaceId, @Bind("ref") String idOrName);

    /** Functions with that id or name in any workspace. */
    @SqlQuery("SELECT " + COLUMNS + " FROM functions WHERE id = :ref OR name = :ref ORDER BY (id = :ref) DESC, workspace_id")
    List<StoredFunction> findAnywhere(@Bind("ref") String idOrName);

    @SqlQuery("SELECT " + COLUMNS + " FROM functions WHERE (:workspaceId IS NULL OR workspace_id = :workspaceId)"
            + " ORDER BY workspace_id, name")
    List<StoredFunction> list(@Bind("workspaceId") String workspaceId);

    @SqlQuery("SELECT sf.function_id, sf.source_id, s.name AS source_name, sf.position FROM source_functions sf"
            + " JOIN sources s ON s.id = sf.source_id JOIN functions f ON f.id = sf.function_id"
            + " WHERE (:workspaceId IS NULL OR f.workspace_id = :workspaceId) ORDER BY s.name, sf.position")
    List<Attachment> attachments(@Bind("workspaceId") String workspaceId);

    /** Attaches (or moves) a function to a position of the source's chain; false when the position is taken. */
    @SqlUpdate("INSERT INTO source_functions (source_id, function_id, position) VALUES (:sourceId, :functionId, :position)"
            + " ON CONFLICT (source_id, function_id) DO UPDATE SET position = EXCLUDED.position")
    void attach(@Bind("sourceId") String sourceId, @Bind("functionId") String functionId, @Bind("position") int position);

    @SqlQuery("SELECT function_id FROM source_functions WHERE source_id = :sourceId AND position = :position")
    Optional<String> functionAt(@Bind("sourceId") String sourceId, @Bind("position") int position);

    @SqlQuery("SELECT position FROM source_functions WHERE source_id = :sourceId AND function_id = :functionId")
    Optional<Integer> positionOf(@Bind("sourceId") String sourceId, @Bind("functionId") String functionId);

    @SqlQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM source_functions WHERE source_id = :sourceId")
    int nextPosition(@Bind("sourceId") String sourceId);

    @SqlUpdate("DELETE FROM source_functions WHERE source_id = :sourceId AND function_id = :functionId")
    int detach(@Bind("sourceId") String sourceId, @Bind("functionId") String functionId);

    /** The source's chain, in order: what the rotor runs on the source's events. */
    @SqlQuery("SELECT f.id, f.workspace_id, f.name, f.code, f.version, f.props::text AS props, f.created_at, f.updated_at"
            + " FROM source_functions sf JOIN functions f ON f.id = sf.function_id"
            + " WHERE sf.source_id = :sourceId ORDER BY sf.position")
    List<StoredFunction> chain(@Bind("sourceId") String sourceId);

    @SqlQuery("SELECT s.id AS source_id, s.name AS source_name, s.type AS source_type, w.id AS workspace_id,"
            + " w.name AS workspace_name FROM sources s JOIN workspaces w ON w.id = s.workspace_id WHERE s.id = :sourceId")
    Optional<SourceContext> sourceContext(@Bind("sourceId") String sourceId);
}
