-- ctx.props: the properties a function is configured with (a JSON object), set at deploy time.
ALTER TABLE functions ADD COLUMN props JSONB NOT NULL DEFAULT '{}'::jsonb;
