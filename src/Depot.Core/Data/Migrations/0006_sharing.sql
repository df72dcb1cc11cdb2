-- Sharing: shares with roles, mounts, public links. Portable SQL (SQLite and PostgreSQL).
-- Shares and links reference node ids, never paths: renaming or moving the item keeps them working.

-- role: 1 viewer, 2 editor, 3 manager (Access/Role). grantee_kind: 0 user, 1 group.
CREATE TABLE shares (
    id            TEXT PRIMARY KEY,
    node_id       TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    owner_id      TEXT NOT NULL,
    grantee_kind  INTEGER NOT NULL,
    grantee_id    TEXT NOT NULL,
    role          INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NULL,
    UNIQUE (node_id, grantee_kind, grantee_id)
);
-- The access check asks "which shares on these ancestors name this user or one of these groups?".
CREATE INDEX shares_node ON shares(node_id);
CREATE INDEX shares_grantee ON shares(grantee_kind, grantee_id);
CREATE INDEX shares_owner ON shares(owner_id);

-- A mount is a node of kind 2 in the recipient's tree; this row says what it points at.
CREATE TABLE mounts (
    node_id    TEXT PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
    target_id  TEXT NOT NULL
);

-- A resumable upload into a share reserves quota of the folder's owner, not of the uploader (NULL: the uploader).
ALTER TABLE uploads ADD COLUMN charged_user_id TEXT NULL;

-- mode: 0 read (download), 1 drop box (upload only). Only the token's SHA-256 is stored.
CREATE TABLE links (
    id              TEXT PRIMARY KEY,
    node_id         TEXT NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    owner_id        TEXT NOT NULL,
    token_hash      TEXT NOT NULL UNIQUE,
    mode            INTEGER NOT NULL,
    password_hash   TEXT NULL,
    expires_at      BIGINT NULL,
    max_downloads   BIGINT NULL,
    downloads       BIGINT NOT NULL DEFAULT 0,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX links_owner ON links(owner_id);
CREATE INDEX links_node ON links(node_id);
