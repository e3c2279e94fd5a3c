-- The tenant layout (docs/architecture.md): each workspace's events in tables of its own,
-- `events__<workspace id>` (and `<table>__<workspace id>` for tables functions choose), so one
-- workspace's column types never decide another's.
--
-- SQL cannot name tables after the data, so cdp does the work after this file (TenantLayout in
-- the server's migrate package): for every shared event table (such as `events` of V1) and every
-- workspace in it, it creates the workspace's table like the shared one (same engine, keys and
-- ReplacingMergeTree version), keeps only the columns that workspace's rows have values in,
-- copies its rows, checks every message id arrived, and drops the shared table. Stop the bulker
-- first. Running it again after a failure is safe: rows copied twice are merged like duplicates.
--
-- `identities` stays one table: its columns are fixed, every row carries its workspace_id.
--
-- `cdp_event_layout` stays empty: it is the base layout of event tables (V1's, and the
-- `_stitched` column identity stitching sets), and the bulker creates each workspace's table
-- `AS cdp_event_layout`, so the layout of new tables is changed by a migration of this table.
-- (A migration cannot include another: the column list restates V1's, grouped by purpose.)
CREATE TABLE IF NOT EXISTS cdp_event_layout (
    message_id String, workspace_id String, received_at ${DATETIME}, _version UInt64,
    source_id ${LOW_CARDINALITY_STRING}, type ${LOW_CARDINALITY_STRING}, event Nullable(String),
    user_id Nullable(String), anonymous_id Nullable(String), _stitched Nullable(UInt8),
    `timestamp` ${DATETIME}, sent_at ${NULLABLE_DATETIME}
) ENGINE = ReplacingMergeTree(_version) PARTITION BY toYYYYMM(received_at) ORDER BY (workspace_id, message_id);
