package io.cdp.server.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code identities} table: anonymous id → user id per workspace, the source of truth for
 * identity stitching, and the queue of stitches still to do. Thread-safe.
 */
public class IdentityRepo {
    private final Jdbi jdbi;

    public IdentityRepo(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records identifies. An anonymous id keeps the latest identify's user id whatever order
     * identifies arrive in (see {@link Identity#supersedes}); a change marks the visitor's
     * earlier events for stitching. Identifies of workspaces that do not exist are skipped.
     */
    public void record(Collection<Identity> identities) {
        List<Identity> latest = latestPerVisitor(identities);
        if (latest.isEmpty()) {
            return;
        }
        List<String> workspaces = new ArrayList<>();
        List<String> anonymousIds = new ArrayList<>();
        List<String> userIds = new ArrayList<>();
        List<String> times = new ArrayList<>();
        for (Identity identity : latest) {
            workspaces.add(identity.workspaceId());
            anonymousIds.add(identity.anonymousId());
            userIds.add(identity.userId());
            times.add(identity.identifiedAt().toString());
        }
        jdbi.useHandle(handle -> handle.createUpdate("""
                        INSERT INTO identities (workspace_id, anonymous_id, user_id, identified_at)
                        SELECT i.workspace_id, i.anonymous_id, i.user_id, i.identified_at
                        FROM unnest(:workspaces, :anonymous_ids, :user_ids, CAST(:times AS timestamptz[]))
                             AS i(workspace_id, anonymous_id, user_id, identified_at)
                        WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = i.workspace_id)
                        ON CONFLICT (workspace_id, anonymous_id) DO UPDATE
                        SET user_id = EXCLUDED.user_id, identified_at = EXCLUDED.identified_at, updated_at = now()
                        WHERE (identities.identified_at, identities.user_id) < (EXCLUDED.identified_at, EXCLUDED.user_id)
                        """)
                .bindArray("workspaces", String.class, workspaces)
                .bindArray("anonymous_ids", String.class, anonymousIds)
                .bindArray("user_ids", String.class, userIds)
                .bindArray("times", String.class, times)
                .execute());
    }

    /** The user id of each of these anonymous ids of {@code workspaceId} that has one. */
    public Map<String, String> userIds(String workspaceId, Collection<String> anonymousIds) {
        if (anonymousIds.isEmpty()) {
            return Map.of();
        }
        Map<String, String> found = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        "SELECT anonymous_id, user_id FROM identities WHERE workspace_id = :workspace "
                                + "AND anonymous_id = ANY(:anonymous_ids)")
                .bind("workspace", workspaceId)
                .bindArray("anonymous_ids", String.class, anonymousIds)
                .map((result, context) -> Map.entry(result.getString(1), result.getString(2)))
                .forEach(entry -> found.put(entry.getKey(), entry.getValue())));
        return found;
    }

    /** The identity of one visitor, if known. */
    public java.util.Optional<Identity> find(String workspaceId, String anonymousId) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT workspace_id, anonymous_id, user_id, identified_at FROM identities "
                                + "WHERE workspace_id = :workspace AND anonymous_id = :anonymous_id")
                .bind("workspace", workspaceId)
                .bind("anonymous_id", anonymousId)
                .map((result, context) -> new Identity(result.getString(1), result.getString(2), result.getString(3),
                        result.getObject(4, java.time.OffsetDateTime.class).toInstant()))
                .findOne());
    }

    /**
     * Claims up to {@code limit} identities whose stitch is pending, hands them to
     * {@code stitcher}, and marks them stitched when it returns — all in one transaction holding
     * each claimed row's lock, so no other process stitches (or re-identifies) the same visitor
     * meanwhile. Rows another process holds are skipped, not waited for. If {@code stitcher}
     * throws, nothing is marked and the identities stay pending. Returns how many were stitched.
     */
    public int stitchPending(int limit, Consumer<List<Identity>> stitcher) {
        return jdbi.inTransaction(handle -> {
            List<Identity> pending = handle.createQuery("""
                            SELECT workspace_id, anonymous_id, user_id, identified_at FROM identities
                            WHERE stitched_user_id IS DISTINCT FROM user_id
                            ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED
                            """)
                    .bind("limit", limit)
                    .map((result, context) -> new Identity(result.getString(1), result.getString(2),
                            result.getString(3), result.getObject(4, java.time.OffsetDateTime.class).toInstant()))
                    .list();
            if (pending.isEmpty()) {
                return 0;
            }
            stitcher.accept(pending);
            markStitched(handle, pending);
            return pending.size();
        });
    }

    private static void markStitched(Handle handle, List<Identity> stitched) {
        List<String> workspaces = stitched.stream().map(Identity::workspaceId).toList();
        List<String> anonymousIds = stitched.stream().map(Identity::anonymousId).toList();
        handle.createUpdate("""
                        UPDATE identities SET stitched_user_id = user_id
                        FROM unnest(:workspaces, :anonymous_ids) AS s(workspace_id, anonymous_id)
                        WHERE identities.workspace_id = s.workspace_id AND identities.anonymous_id = s.anonymous_id
                        """)
                .bindArray("workspaces", String.class, workspaces)
                .bindArray("anonymous_ids", String.class, anonymousIds)
                .execute();
    }

    /**
     * One identity per visitor (the one that supersedes the others), sorted by key so that
     * concurrent writers lock rows in the same order and cannot deadlock.
     */
    static List<Identity> latestPerVisitor(Collection<Identity> identities) {
        Map<String, Identity> latest = new java.util.TreeMap<>();
        for (Identity identity : identities) {
            latest.merge(identity.workspaceId() + '\u0000' + identity.anonymousId(), identity,
                    (kept, candidate) -> candidate.supersedes(kept) ? candidate : kept);
        }
        return new ArrayList<>(latest.values());
    }
}
