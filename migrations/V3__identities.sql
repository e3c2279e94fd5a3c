-- Identity stitching (bulker): which user each anonymous visitor turned out to be.
-- PostgreSQL is the source of truth (transactions, row locks); the rows in ClickHouse and in the
-- PostgreSQL destination are corrected from it. user_id is the latest identify's (by received_at;
-- ties broken by user id, so the order identifies are processed in never matters).
-- stitched_user_id is the user id the visitor's earlier events were last given; while it differs
-- from user_id a stitch is pending, and any bulker process may claim it (SELECT … FOR UPDATE SKIP
-- LOCKED): the row lock is the lock per anonymous id.
CREATE TABLE identities (
    workspace_id      TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    anonymous_id      TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    identified_at     TIMESTAMPTZ NOT NULL,
    stitched_user_id  TEXT,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, anonymous_id)
);
CREATE INDEX identities_pending_idx ON identities (updated_at) WHERE stitched_user_id IS DISTINCT FROM user_id;
CREATE INDEX identities_user_idx ON identities (workspace_id, user_id);
