-- Undoes version 1 of the PostgreSQL destination (the tenant layout, applied by cdp itself:
-- WarehouseTenantLayout in the server's migrate.layout package, there is no V1 file). Before this file,
-- in the same transaction, cdp copies every workspace's table back into one shared table per
-- event table (`events__ws_1` and `events__ws_2` into `events`) and drops the workspace tables;
-- it refuses, changing nothing, when two workspaces gave a column different types. Stop the
-- bulker first.
SELECT 1;
