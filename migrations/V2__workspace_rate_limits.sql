-- Enterprise workspaces get their own rate limits (seed: "Enterprise: custom"). NULL means the
-- tier's limits from the server configuration (ingest.rateLimits) apply.
ALTER TABLE workspaces
    ADD COLUMN rate_burst    INTEGER CHECK (rate_burst > 0),
    ADD COLUMN rate_per_day  BIGINT  CHECK (rate_per_day > 0);
