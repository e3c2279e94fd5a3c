-- Identity stitching: an `identify` links an anonymous_id to a user_id (per workspace). The
-- bulker upserts here and uses it to fill user_id on anonymous events, earlier and later ones.
-- ReplacingMergeTree keeps, per (workspace_id, anonymous_id), the row with the highest
-- _version (the bulker's write time in ms), so the latest identify wins; read with FINAL.
CREATE TABLE IF NOT EXISTS identities (
    workspace_id  String,
    anonymous_id  String,
    user_id       String,
    identified_at ${DATETIME},
    _version      UInt64
) ENGINE = ReplacingMergeTree(_version)
ORDER BY (workspace_id, anonymous_id);
