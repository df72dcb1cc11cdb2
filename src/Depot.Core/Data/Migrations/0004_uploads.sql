-- Resumable (tus) uploads: one row per upload while it lives. Portable SQL (SQLite and PostgreSQL).
CREATE TABLE uploads (
    id               TEXT PRIMARY KEY,          -- also the id of the blob the finished upload becomes
    user_id          TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    path             TEXT NOT NULL,             -- the target Depot path, canonical
    length           BIGINT NULL,               -- Upload-Length; NULL while deferred
    upload_offset    BIGINT NOT NULL DEFAULT 0, -- bytes durable (fsynced) in the partial file; never more
    reserved_bytes   BIGINT NOT NULL,           -- counted against the user's quota while the upload is unfinished
    metadata         TEXT NULL,                 -- Upload-Metadata as the client sent it, echoed by HEAD
    content_type     TEXT NULL,
    sha256           TEXT NULL,                 -- declared SHA-256 of the whole file (lower-case hex), verified at commit
    if_match         TEXT NULL,                 -- preconditions evaluated at commit, as header values
    if_none_match    TEXT NULL,
    create_parents   INTEGER NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    committed_at     BIGINT NULL,               -- set in the commit transaction; the row stays until it expires
    lock_owner       TEXT NULL,                 -- the one writer (a lease, so it works across nodes)
    lock_expires_at  BIGINT NULL
);
CREATE INDEX uploads_user ON uploads(user_id);
CREATE INDEX uploads_expires ON uploads(expires_at);
