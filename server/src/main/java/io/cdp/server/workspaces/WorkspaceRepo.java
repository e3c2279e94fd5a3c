package io.cdp.server.workspaces;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Workspaces and sources in PostgreSQL (JDBI SqlObject; thread-safe when made with {@code onDemand}). */
@RegisterConstructorMapper(Workspace.class)
@RegisterConstructorMapper(Source.class)
public interface WorkspaceRepo {
    String WORKSPACE_COLUMNS = "id, name, tier, rate_burst, rate_per_day, created_at";
    String SOURCE_COLUMNS = "id, workspace_id, name, type, created_at, allowed_origins AS origins";

    /** Inserts a workspace; empty when the name is taken. */
    @SqlQuery("INSERT INTO workspaces (id, name, tier, rate_burst, rate_per_day)"
            + " VALUES (:id, :name, :tier, :rateBurst, :ratePerDay)"
            + " ON CONFLICT (name) DO NOTHING RETURNING " + WORKSPACE_COLUMNS)
    Optional<Workspace> insert(@Bind("id") String id, @Bind("name") String name, @Bind("tier") String tier,
                               @Bind("rateBurst") Integer rateBurst, @Bind("ratePerDay") Long ratePerDay);

    @SqlQuery("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces ORDER BY name")
    List<Workspace> list();

    /** By id, else by name. */
    @SqlQuery("SELECT " + WORKSPACE_COLUMNS + " FROM workspaces WHERE id = :ref OR name = :ref"
            + " ORDER BY (id = :ref) DESC LIMIT 1")
    Optional<Workspace> find(@Bind("ref") String idOrName);

    /** Inserts a source; empty when the workspace already has one of that name. */
    @SqlQuery("INSERT INTO sources (id, workspace_id, name, type) VALUES (:id, :workspaceId, :name, :type)"
            + " ON CONFLICT (workspace_id, name) DO NOTHING RETURNING " + SOURCE_COLUMNS)
    Optional<Source> insertSource(@Bind("id") String id, @Bind("workspaceId") String workspaceId,
                                  @Bind("name") String name, @Bind("type") String type);

    @SqlQuery("SELECT " + SOURCE_COLUMNS + " FROM sources WHERE workspace_id = :workspaceId ORDER BY name")
    List<Source> listSources(@Bind("workspaceId") String workspaceId);

    /** Sets the origins a source accepts browser events from (null: any); empty when no such source. */
    @SqlQuery("UPDATE sources SET allowed_origins = :origins WHERE id = :id RETURNING " + SOURCE_COLUMNS)
    Optional<Source> updateOrigins(@Bind("id") String sourceId, @Bind("origins") String origins);

    /** A source of the workspace, by id or by name. */
    @SqlQuery("SELECT " + SOURCE_COLUMNS + " FROM sources WHERE workspace_id = :workspaceId"
            + " AND (id = :ref OR name = :ref) ORDER BY (id = :ref) DESC LIMIT 1")
    Optional<Source> findSource(@Bind("workspaceId") String workspaceId, @Bind("ref") String idOrName);
}
