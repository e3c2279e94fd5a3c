-- The events the bulker writes: one row per event, the Segment base fields as columns.
-- Every other field of an event arrives flattened (`context_ip`, `properties_price`, ...) and is
-- added by the bulker's schema evolution at run time as a Nullable column; do not add them here.
--
-- Dedup: ReplacingMergeTree ordered by (workspace_id, message_id), so an event written twice
-- (a bulker crash between insert and Kafka commit) is shown once by `SELECT ... FROM events FINAL`
-- and merged away in the background. Among rows of one key the highest `_version` wins: the
-- bulker sets it to its write time in milliseconds, so a row rewritten later (identity
-- stitching fills user_id) replaces the earlier one. Rows of one key must share a partition
-- to be deduplicated: received_at is set once by ingest and travels with the event, so a
-- re-delivered event lands in the same month.
--
-- Placeholders (docs/migrations.md): ${DATETIME} is DateTime64(3, 'UTC') where the server has it
-- (20.1+), DateTime('UTC') on older servers such as Debian's 18.16.
CREATE TABLE IF NOT EXISTS events (
    message_id    String,
    workspace_id  String,
    source_id     ${LOW_CARDINALITY_STRING},
    type          ${LOW_CARDINALITY_STRING},
    event         Nullable(String),
    user_id       Nullable(String),
    anonymous_id  Nullable(String),
    `timestamp`   ${DATETIME},
    sent_at       ${NULLABLE_DATETIME},
    received_at   ${DATETIME},
    _version      UInt64
) ENGINE = ReplacingMergeTree(_version)
PARTITION BY toYYYYMM(received_at)
ORDER BY (workspace_id, message_id);
