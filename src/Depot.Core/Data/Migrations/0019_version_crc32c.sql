-- The CRC-32C of each version's content, computed while the upload streamed in, which whole-file reads verify instead of
-- SHA-256 (several times cheaper: SHA-256 capped a download at what one core hashes). Portable SQL (SQLite and PostgreSQL).

-- The unsigned 32-bit value; NULL for versions stored before this migration: their reads verify SHA-256 as before.
ALTER TABLE versions ADD COLUMN crc32c BIGINT NULL;
