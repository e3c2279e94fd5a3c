-- The web origins a browser source accepts events from (CORS), space-separated as in the
-- Origin header's own lists: "https://shop.example.com https://*.example.org". NULL: any origin.
ALTER TABLE sources ADD COLUMN allowed_origins TEXT;
