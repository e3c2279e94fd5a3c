package io.cdp.server.keys;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Write keys in PostgreSQL; only hashes are stored (JDBI SqlObject, thread-safe with {@code onDemand}). */
@RegisterConstructorMapper(WriteKey.class)
@RegisterConstructorMapper(KeyOwner.class)
@RegisterConstructorMapper(RevokedKey.class)
public interface WriteKeyRepo {
    String VIEW = "SELECT k.id, k.prefix, w.id AS workspace_id, w.name AS workspace_name, s.id AS source_id,"
            + " s.name AS source_name, k.created_at, k.revoked_at"
            + " FROM write_keys k JOIN sources s ON s.id = k.source_id JOIN workspaces w ON w.id = s.workspace_id";

    @SqlUpdate("INSERT INTO write_keys (id, source_id, key_hash, prefix) VALUES (:id, :sourceId, :keyHash, :prefix)")
    void insert(@Bind("id") String id, @Bind("sourceId") String sourceId, @Bind("keyHash") String keyHash,
                @Bind("prefix") String prefix);

    @SqlQuery(VIEW + " WHERE k.id = :id")
    Optional<WriteKey> find(@Bind("id") String id);

    @SqlQuery(VIEW + " ORDER BY w.name, s.name, k.created_at")
    List<WriteKey> list();

    @SqlQuery(VIEW + " WHERE w.id = :workspaceId ORDER BY s.name, k.created_at")
    List<WriteKey> listByWorkspace(@Bind("workspaceId") String workspaceId);

    /** Marks the key revoked (keeping the first revocation time); empty when no such key. */
    @SqlQuery("UPDATE write_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = :id"
            + " RETURNING id, key_hash")
    Optional<RevokedKey> revoke(@Bind("id") String id);

    @SqlQuery("SELECT key_hash FROM write_keys WHERE source_id = :sourceId")
    List<String> hashesOfSource(@Bind("sourceId") String sourceId);

    /** What the key with this hash unlocks, revoked or not; empty for an unknown key. */
    @SqlQuery("SELECT k.id AS key_id, s.id AS source_id, w.id AS workspace_id, w.tier, w.rate_burst,"
            + " w.rate_per_day, k.revoked_at, s.allowed_origins"
            + " FROM write_keys k JOIN sources s ON s.id = k.source_id JOIN workspaces w ON w.id = s.workspace_id"
            + " WHERE k.key_hash = :keyHash")
    Optional<KeyOwner> findOwner(@Bind("keyHash") String keyHash);
}
