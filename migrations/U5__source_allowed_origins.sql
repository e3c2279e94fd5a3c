ALTER TABLE sources DROP COLUMN allowed_origins;
