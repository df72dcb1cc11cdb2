-- Backups (depot-server backup): one row per run. While a run is live (finished_at IS NULL and its lease not expired)
-- garbage collection deletes no blob row, so every blob the backup's metadata snapshot references keeps its file until
-- the copy is done (SqlFileSession.DeleteUnreferencedBlobsAsync). The lease is renewed every minute by the running
-- backup and lapses by itself when the process dies. The finished rows give the time, result and size of the last
-- backup to the metrics. Portable SQL (SQLite and PostgreSQL); times in Unix ms.
CREATE TABLE backups (
    id TEXT PRIMARY KEY,
    destination TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    lease_expires_at BIGINT NOT NULL,
    finished_at BIGINT NULL,
    result TEXT NULL,
    blobs BIGINT NOT NULL DEFAULT 0,
    bytes BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX backups_live ON backups (lease_expires_at) WHERE finished_at IS NULL;
CREATE INDEX backups_finished ON backups (finished_at) WHERE finished_at IS NOT NULL;
