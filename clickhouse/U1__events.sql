-- Undoes V1. This drops every stored event: `cdp migrate down` on ClickHouse is for development.
DROP TABLE IF EXISTS events;
