-- Resumable uploads keep their SHA-256 state (issue 11). Portable SQL (SQLite and PostgreSQL).

-- The state of the upload's SHA-256 over exactly its first upload_offset bytes (ResumableSha256.Save, lower-case hex,
-- at most 208 characters), written by the statement that records the offset, so completing an upload never reads its
-- bytes back. NULL before the first byte, and for uploads begun before this migration: those are hashed once at
-- completion by reading the blob.
ALTER TABLE uploads ADD COLUMN sha256_state TEXT NULL;
