-- Undoes V2 (drops the stitching links; events keep the user_id already filled in).
DROP TABLE IF EXISTS identities;
