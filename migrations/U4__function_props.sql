ALTER TABLE functions DROP COLUMN props;
