-- Undo V2: back to tier limits only.
ALTER TABLE workspaces
    DROP COLUMN rate_per_day,
    DROP COLUMN rate_burst;
