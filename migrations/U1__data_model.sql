DROP TABLE IF EXISTS schema_fields;
DROP TABLE IF EXISTS source_functions;
DROP TABLE IF EXISTS functions;
DROP TABLE IF EXISTS destinations;
DROP TABLE IF EXISTS write_keys;
DROP TABLE IF EXISTS sources;
DROP TABLE IF EXISTS workspaces;
