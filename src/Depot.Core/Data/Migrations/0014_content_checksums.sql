-- SHA-1 and MD5 of each version's content, for the sync tools that compare them (rclone with vendor=owncloud,
-- ownCloud/Nextcloud clients: WebDAV oc:checksums; issue 14). Portable SQL (SQLite and PostgreSQL).

-- Lower-case hex, computed while the upload streamed in (never by reading the blob back). NULL for versions stored
-- before this migration: those checksums are omitted, never served empty. The node keeps its current version's pair
-- beside its sha256, so a listing needs no join.
ALTER TABLE versions ADD COLUMN sha1 TEXT NULL;
ALTER TABLE versions ADD COLUMN md5 TEXT NULL;
ALTER TABLE nodes ADD COLUMN sha1 TEXT NULL;
ALTER TABLE nodes ADD COLUMN md5 TEXT NULL;

-- A resumable upload's SHA-1 and MD5 states over exactly its first upload_offset bytes (ResumableChecksums.Save, hex),
-- written with sha256_state by the statement that records the offset. NULL before the first byte and for uploads that
-- had bytes before this migration: their versions get no SHA-1/MD5.
ALTER TABLE uploads ADD COLUMN checksums_state TEXT NULL;

-- The modified time the client gave when it created the upload (X-OC-Mtime or X-Depot-Mtime, Unix ms), set on the file
-- by the commit; NULL: the time of the commit.
ALTER TABLE uploads ADD COLUMN client_mtime BIGINT NULL;
