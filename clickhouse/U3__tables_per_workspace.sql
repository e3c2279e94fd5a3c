-- Undoes V3: before this file, cdp copies every workspace's table back into one shared table per
-- event table (`events__ws_1` and `events__ws_2` into `events`) and drops the workspace tables.
-- It refuses, changing nothing, when two workspaces gave a column different types: one shared
-- table cannot hold both (the reason for V3). Stop the bulker first.
DROP TABLE IF EXISTS cdp_event_layout;
