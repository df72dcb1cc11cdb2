-- The change feed (issue 12): every change to a tree, as each user who sees it sees it, in the write transaction that
-- made it. seq counts per user from 1 without gaps; change_cursors.last_seq is the last one handed out, and its row
-- stays locked by the writer until commit, so a user's rows become visible in seq order (docs/architecture.md,
-- "The change feed"). trimmed_seq: rows up to it were removed by retention; a cursor below it has expired.
CREATE TABLE change_cursors (
    user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    last_seq     BIGINT NOT NULL,
    trimmed_seq  BIGINT NOT NULL DEFAULT 0
);

-- kind: created, modified, moved, trashed, restored, purged, removed, shared, unshared (Protocol/Files/ChangeKinds).
-- node_kind: 0 folder, 1 file, 2 mount (Files/NodeKind). size and etag describe the node after the change.
CREATE TABLE changes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    seq        BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    node_id    TEXT NOT NULL,
    node_kind  INTEGER NOT NULL,
    path       TEXT NOT NULL,
    old_path   TEXT NULL,
    size       BIGINT NULL,
    etag       TEXT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (user_id, seq)
);

-- Retention deletes by age.
CREATE INDEX changes_at ON changes(at);

-- A write asks "who has mounted this item or a folder above it?" to tell them too.
CREATE INDEX mounts_target ON mounts(target_id);
